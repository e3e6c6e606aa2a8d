//! Key distribution: a keyring's keys out as [`KeyRecord`]s, and a keyring
//! brought up to date from the records of a key store (SPEC.md 6.1, "Sync").

use super::{KeyRecord, Keyring};
use crate::Error;
use crate::key_id::KeyId;

/// What [`Keyring::sync`] changed: all zero when the keyring was up to date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SyncReport {
    /// Keys added (listed, not held before).
    pub added: usize,
    /// Kept keys (held before the sync, and listed or current) whose
    /// interval the sync shortened: to their record's end, or where the
    /// chain closes them (a listed key that starts after them, or the
    /// keyring's high-water mark), whichever is earlier. Each key counts
    /// once. Added keys are not counted, even when the chain closes them.
    pub closed: usize,
    /// Held keys not listed, retired (never the current key).
    pub retired: usize,
}

impl<const N: usize> Keyring<N> {
    /// Every held key as a [`KeyRecord`], in ascending id order, with its
    /// interval as it is now: what a relay writes to the key store after
    /// every rotation, for the moderation service's [`sync`](Self::sync).
    /// **Each record carries a copy of the key's secret** (wiped when the
    /// record drops).
    pub fn records(&self) -> impl Iterator<Item = KeyRecord> + '_ {
        self.keys()
            .filter_map(|(id, _)| self.get(id))
            .map(KeyRecord::of)
    }

    /// Adds the key of `record`, as
    /// [`insert_from_bytes`](Self::insert_from_bytes) does (the record's
    /// secret is copied; the record wipes itself when dropped).
    pub fn insert_record(&mut self, record: &KeyRecord) -> Result<(), Error> {
        self.sync_checks(core::slice::from_ref(record), false)?;
        self.fill_new_slot(record.id(), record.interval(), |key| {
            key.fill_copy(record.secret())
        })?;
        self.close_chain();
        Ok(())
    }

    /// Brings this keyring up to date with `records`, the whole list of keys
    /// a key store holds (SPEC.md 6.1, "Sync"): adds every listed key not
    /// held, closes a held key's interval where its record ends earlier
    /// (never extends one), retires every held key not listed (the platform
    /// retired it; never the current key of a stamping keyring), then closes
    /// the chain of intervals, with the keyring's high-water mark (the latest
    /// start it ever held): a list older than the keyring (a backup, a
    /// replayed key-store response) cannot reopen a key it retired.
    /// Idempotent: a second sync with the same list changes nothing and
    /// reports all zero.
    ///
    /// On a stamping keyring, a listed key that starts after the current key
    /// at `T` ends the current key's stamping at `T`, as
    /// [`insert`](Self::insert) does.
    ///
    /// Until a sync brings in a new key, reports stamped under it read as
    /// [`Error::UnknownKey`]: sync, then retry them.
    ///
    /// Fails, changing nothing, with (checked in this order)
    /// [`Error::DuplicateKeyId`] (an id listed twice, or a listed id held
    /// with another secret or another start: ids MUST NOT be reused),
    /// [`Error::KeyringFull`] (the keys kept and added exceed `N`) or
    /// [`Error::WeakKey`].
    ///
    /// ```
    /// use franking::platform::KeyRecord;
    /// # use franking::{KeyId, KeyInterval, Keyring, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let first = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let mut relay = Keyring::new(first, 30 * 86_400);
    /// let mut moderation = Keyring::verify_only(30 * 86_400);
    /// moderation.sync(&relay.records().collect::<Vec<KeyRecord>>())?;
    /// relay.rotate_generate(KeyId::new(2), 1_700_000_000, &mut rng)?;
    /// // Before handling reports (and on `UnknownKey`): fetch the list, sync.
    /// let report = moderation.sync(&relay.records().collect::<Vec<_>>())?;
    /// assert_eq!((report.added, report.closed, report.retired), (1, 1, 0));
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn sync(&mut self, records: &[KeyRecord]) -> Result<SyncReport, Error> {
        self.sync_checks(records, true)?;
        let listed = |id: KeyId| records.iter().any(|r| r.id() == id);
        let mut report = SyncReport::default();
        loop {
            let current = self.current();
            let unlisted = self
                .keys()
                .map(|(id, _)| id)
                .find(|&id| !listed(id) && Some(id) != current);
            let Some(id) = unlisted else { break };
            self.retire(id)?;
            report.retired += 1;
        }
        // Every kept key's final end, before anything is added: its record's
        // end, or where the chain closes it among the kept and listed keys
        // (SPEC.md 6.1), whichever is earlier. Counted once, whichever closed it.
        let starts = || records.iter().map(|r| r.interval().not_before());
        let mut at = 0;
        loop {
            let Some((id, interval)) = self.keys().nth(at) else {
                break;
            };
            at += 1;
            let by_record = records
                .iter()
                .find(|r| r.id() == id)
                .map(|r| r.interval().not_after());
            let by_chain = self.chain_end(interval.not_before(), starts());
            let end = match (by_record, by_chain) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b).unwrap_or(u64::MAX),
            };
            if end < interval.not_after() {
                self.close_interval(id, end)?;
                report.closed += 1;
            }
        }
        for record in records {
            if self.get(record.id()).is_some() {
                continue;
            }
            self.fill_new_slot(record.id(), record.interval(), |key| {
                key.fill_copy(record.secret())
            })?;
            report.added += 1;
        }
        // Closes only the added keys: the kept ones already end where the
        // chain would close them.
        self.close_chain();
        Ok(report)
    }

    /// Everything [`sync`](Self::sync) (with `retire_unlisted`) or
    /// [`insert_record`](Self::insert_record) can refuse on, before any change.
    fn sync_checks(&self, records: &[KeyRecord], retire_unlisted: bool) -> Result<(), Error> {
        for (at, record) in records.iter().enumerate() {
            let id = record.id();
            let duplicate = Error::DuplicateKeyId { key_id: id };
            if records
                .get(..at)
                .unwrap_or_default()
                .iter()
                .any(|r| r.id() == id)
            {
                return Err(duplicate);
            }
            if let Some(held) = self.get(id) {
                let same = held.interval().not_before() == record.interval().not_before()
                    && held.has_secret(record.secret());
                if !retire_unlisted || !same {
                    return Err(duplicate);
                }
            }
        }
        let listed = |id: KeyId| records.iter().any(|r| r.id() == id);
        let kept = self
            .keys()
            .filter(|&(id, _)| !retire_unlisted || listed(id) || Some(id) == self.current())
            .count();
        let added = records
            .iter()
            .filter(|r| self.get(r.id()).is_none())
            .count();
        if kept.saturating_add(added) > N {
            return Err(Error::KeyringFull { capacity: N });
        }
        match records
            .iter()
            .find(|r| self.get(r.id()).is_none() && super::key::is_weak(r.secret().as_bytes()))
        {
            Some(weak) => Err(Error::WeakKey { key_id: weak.id() }),
            None => Ok(()),
        }
    }
}
