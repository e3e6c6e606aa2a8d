//! The platform: a keyring that stamps, rotates, prunes, exports its keys
//! as records for a KMS, and (verify-only, at the moderation service) syncs
//! from them and verifies every report kind.

use std::sync::{Arc, Mutex, MutexGuard};

use franking::platform::{KeyRecord, PlatformKeyBytes};
use franking::submission::{Submission, SubmissionVerdictVec};
use franking::{ConversationReport, KeyId, KeyInterval, PlatformKey, Report, Stamp};

use zeroize::Zeroizing;

use crate::convert;
use crate::error::{FrankingError, Result};
use crate::moderator::{ConversationVerdict, VerifiedConversation, VerifiedRange, VerifiedReport};
use crate::records::DeliveryContext;
use crate::rng::os_rng;
use crate::submission::{RoomMembership, SubmissionVerdict};

/// A key of a keyring: its id and the interval it stamps in
/// (`not_after = 2^64 - 1` while open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct KeyInfo {
    /// The key id.
    pub key_id: u32,
    /// First second the key stamps.
    pub not_before: u64,
    /// Last second the key stamps.
    pub not_after: u64,
    /// Whether the interval is still open.
    pub is_open: bool,
}

impl KeyInfo {
    fn of(id: KeyId, interval: KeyInterval) -> Self {
        Self {
            key_id: id.get(),
            not_before: interval.not_before(),
            not_after: interval.not_after(),
            is_open: interval.is_open(),
        }
    }
}

/// What a sync changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncReport {
    /// Keys added.
    pub added: u32,
    /// Kept keys whose interval the sync shortened.
    pub closed: u32,
    /// Keys retired.
    pub retired: u32,
}

/// The id and interval of an encoded key record (SPEC.md 6.2), without its secret.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn key_record_info(record: Vec<u8>) -> Result<KeyInfo> {
    let record = Zeroizing::new(record);
    let record = KeyRecord::decode(&record)?;
    Ok(KeyInfo::of(record.id(), record.interval()))
}

/// A platform keyring (SPEC.md 6). Thread-safe: every method locks it.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct Keyring {
    inner: Mutex<Box<franking::Keyring>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring { .. }")
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn record_of(bytes: &[u8]) -> Result<KeyRecord> {
    Ok(KeyRecord::decode(bytes)?)
}

fn platform_key(record: &KeyRecord) -> Result<PlatformKey> {
    let secret = PlatformKeyBytes::from_bytes(*record.secret().as_bytes());
    Ok(PlatformKey::from_bytes(
        record.id(),
        record.interval(),
        secret,
    )?)
}

impl Keyring {
    fn lock(&self) -> MutexGuard<'_, Box<franking::Keyring>> {
        // A panic while locked leaves the keyring as the crate left it:
        // every crate operation is all-or-nothing, so keep using it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wrap(ring: Box<franking::Keyring>, max_skew_secs: Option<u64>) -> Arc<Self> {
        let ring = match max_skew_secs {
            Some(skew) => Box::new(ring.with_max_skew(skew)),
            None => ring,
        };
        Arc::new(Self {
            inner: Mutex::new(ring),
        })
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Keyring {
    /// A stamping keyring with a fresh key `key_id` from the OS generator,
    /// stamping from `not_before`; reports older than `max_age_secs` expire.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn generate(key_id: u32, not_before: u64, max_age_secs: u64) -> Result<Arc<Self>> {
        let key = PlatformKey::generate(
            KeyId::new(key_id),
            KeyInterval::starting_at(not_before),
            &mut os_rng(),
        )?;
        Ok(Self::wrap(
            franking::Keyring::new_boxed(key, max_age_secs),
            None,
        ))
    }

    /// A stamping keyring loaded from encoded key records (from a KMS or key
    /// store): the record with an open interval (the latest-starting one if
    /// several) is the current key; every other record is added. A
    /// `max_skew_secs` of `None` keeps the crate's default.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn load(
        records: Vec<Vec<u8>>,
        max_age_secs: u64,
        max_skew_secs: Option<u64>,
    ) -> Result<Arc<Self>> {
        let records = Zeroizing::new(records);
        let records = records
            .iter()
            .map(|r| record_of(r))
            .collect::<Result<Vec<_>>>()?;
        let current = records
            .iter()
            .filter(|r| r.interval().is_open())
            .max_by_key(|r| r.interval().not_before())
            .ok_or_else(|| {
                FrankingError::bad_state("no record with an open interval to stamp with")
            })?;
        let mut ring = franking::Keyring::new_boxed(platform_key(current)?, max_age_secs);
        for record in records.iter().filter(|r| r.id() != current.id()) {
            ring.insert_record(record)?;
        }
        Ok(Self::wrap(ring, max_skew_secs))
    }

    /// A verify-only keyring (the moderation service): no key, filled by
    /// [`sync`](Self::sync) or [`insert_record`](Self::insert_record).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn verify_only(max_age_secs: u64, max_skew_secs: Option<u64>) -> Arc<Self> {
        Self::wrap(
            franking::Keyring::verify_only_boxed(max_age_secs),
            max_skew_secs,
        )
    }

    /// The current (stamping) key id; `None` when verify-only.
    pub fn current(&self) -> Option<u32> {
        self.lock().current().map(KeyId::get)
    }

    /// Whether this keyring only verifies.
    pub fn is_verify_only(&self) -> bool {
        self.lock().is_verify_only()
    }

    /// Every key held, in ascending id order.
    pub fn keys(&self) -> Vec<KeyInfo> {
        self.lock()
            .keys()
            .map(|(id, interval)| KeyInfo::of(id, interval))
            .collect()
    }

    /// Stamps `franking_tag` (32 bytes) for delivery in `context`: the 36-byte stamp.
    pub fn stamp(&self, franking_tag: Vec<u8>, context: DeliveryContext) -> Result<Vec<u8>> {
        let tag = convert::franking_tag(&franking_tag)?;
        let stamp = self.lock().stamp(&tag, &context.view()?)?;
        Ok(stamp.to_bytes().to_vec())
    }

    /// Stamps the franking tag of `envelope` (88 bytes).
    pub fn stamp_envelope(&self, envelope: Vec<u8>, context: DeliveryContext) -> Result<Vec<u8>> {
        let envelope = convert::envelope(&envelope)?;
        let stamp = self.lock().stamp_envelope(&envelope, &context.view()?)?;
        Ok(stamp.to_bytes().to_vec())
    }

    /// Stamps `franking_tag` and returns the encoded receipt (SPEC.md 9):
    /// stamp, tag and context in one piece, for the recipient.
    pub fn stamp_receipt(
        &self,
        franking_tag: Vec<u8>,
        context: DeliveryContext,
    ) -> Result<Vec<u8>> {
        let tag = convert::franking_tag(&franking_tag)?;
        let context = context.view()?;
        let receipt = self.lock().stamp_receipt(&tag, &context)?;
        Ok(receipt.to_vec()?)
    }

    /// Stamps `franking_tag` once for each of `recipients` (a group message,
    /// SPEC.md 15.2): `context` with each recipient in turn. Stamps in order.
    pub fn stamp_batch(
        &self,
        franking_tag: Vec<u8>,
        context: DeliveryContext,
        recipients: Vec<Vec<u8>>,
    ) -> Result<Vec<Vec<u8>>> {
        let tag = convert::franking_tag(&franking_tag)?;
        let context = context.view()?;
        let ids: Vec<&[u8]> = recipients.iter().map(Vec::as_slice).collect();
        let mut stamps = vec![Stamp::default(); ids.len()];
        self.lock().stamp_batch(&tag, &context, &ids, &mut stamps)?;
        Ok(stamps.iter().map(|s| s.to_bytes().to_vec()).collect())
    }

    /// Rotates to a fresh key `key_id` stamping from `at`; the current key's
    /// interval ends at `at`, and its stamps keep verifying.
    pub fn rotate_generate(&self, key_id: u32, at: u64) -> Result<()> {
        self.lock()
            .rotate_generate(KeyId::new(key_id), at, &mut os_rng())?;
        Ok(())
    }

    /// Rotates to the key of an encoded record (generated by a KMS).
    pub fn rotate_to_record(&self, record: Vec<u8>) -> Result<()> {
        let record = Zeroizing::new(record);
        let record = record_of(&record)?;
        let key = platform_key(&record)?;
        self.lock().rotate(key)?;
        Ok(())
    }

    /// Adds the key of an encoded record (not as the current key).
    pub fn insert_record(&self, record: Vec<u8>) -> Result<()> {
        let record = Zeroizing::new(record);
        self.lock().insert_record(&record_of(&record)?)?;
        Ok(())
    }

    /// Closes the interval of key `key_id` at `not_after`.
    pub fn close_interval(&self, key_id: u32, not_after: u64) -> Result<()> {
        self.lock().close_interval(KeyId::new(key_id), not_after)?;
        Ok(())
    }

    /// Retires key `key_id` (never the current key).
    pub fn retire(&self, key_id: u32) -> Result<()> {
        self.lock().retire(KeyId::new(key_id))?;
        Ok(())
    }

    /// Retires every key whose stamps have all expired at `now`; returns how many.
    pub fn retire_expired(&self, now: u64) -> u32 {
        count(self.lock().retire_expired(now))
    }

    /// Retires every non-current key whose interval ended before `before`.
    pub fn retire_older_than(&self, before: u64) -> u32 {
        count(self.lock().retire_older_than(before))
    }

    /// Every key as an encoded 54-byte record (SPEC.md 6.2), for a KMS or
    /// key store. **Each record carries the key's secret.**
    pub fn export_records(&self) -> Vec<Vec<u8>> {
        self.lock()
            .records()
            .map(|r| r.to_bytes().as_bytes().to_vec())
            .collect()
    }

    /// Brings this keyring up to date with a key store's whole list of
    /// encoded records (SPEC.md 6.1, "Sync").
    pub fn sync(&self, records: Vec<Vec<u8>>) -> Result<SyncReport> {
        let records = Zeroizing::new(records);
        let records = records
            .iter()
            .map(|r| record_of(r))
            .collect::<Result<Vec<_>>>()?;
        let report = self.lock().sync(&records)?;
        Ok(SyncReport {
            added: count(report.added),
            closed: count(report.closed),
            retired: count(report.retired),
        })
    }

    /// Moderator: decodes and verifies a message report at `now`.
    pub fn verify(&self, now: u64, report: Vec<u8>) -> Result<VerifiedReport> {
        let report = Report::decode(&report)?;
        let verified = franking::verify(&self.lock(), now, &report)?;
        Ok(VerifiedReport::of(&verified))
    }

    /// Moderator: decodes and verifies a conversation report at `now`.
    pub fn verify_conversation(&self, now: u64, report: Vec<u8>) -> Result<ConversationVerdict> {
        let report = ConversationReport::decode(&report)?;
        let verdict = franking::conversation::verify_conversation(&self.lock(), now, &report)?;
        Ok(ConversationVerdict::of(&verdict))
    }

    /// Moderator: as [`verify_conversation`](Self::verify_conversation), the
    /// verdict kept on the Rust side and read an entry at a time.
    pub fn verify_conversation_object(
        &self,
        now: u64,
        report: Vec<u8>,
    ) -> Result<Arc<VerifiedConversation>> {
        let (summary, count) = {
            let decoded = ConversationReport::decode(&report)?;
            let verdict = franking::conversation::verify_conversation(&self.lock(), now, &decoded)?;
            let count = u32::try_from(verdict.len()).unwrap_or(u32::MAX);
            (ConversationVerdict::summary(&verdict), count)
        };
        Ok(VerifiedConversation::held(report, summary, count))
    }

    /// Moderator: decodes and verifies an attachment report (whole or range).
    pub fn verify_media_report(&self, now: u64, report: Vec<u8>) -> Result<VerifiedRange> {
        let verified = franking::media::verify_media_report(&self.lock(), now, &report)?;
        Ok(VerifiedRange::of(&verified))
    }

    /// Moderator: decodes and verifies a report submission (SPEC.md 16) from
    /// the authenticated `reporter`, with the room memberships the platform
    /// knows.
    pub fn verify_submission(
        &self,
        now: u64,
        submission: Vec<u8>,
        reporter: Vec<u8>,
        memberships: Vec<RoomMembership>,
    ) -> Result<SubmissionVerdict> {
        let submission = Submission::decode(&submission)?;
        let member = |room: &[u8], account: &[u8], delivery: &franking::Context<'_>| {
            memberships
                .iter()
                .any(|m| m.covers(room, account, delivery.seq()))
        };
        let ring = self.lock();
        let verdict = SubmissionVerdictVec::verify(&ring, now, &submission, &reporter, &member)?;
        Ok(SubmissionVerdict::of(&verdict))
    }
}

/// Encodes a key record (SPEC.md 6.2) from a KMS's key: id, interval
/// (`not_after = 2^64 - 1` for an open one) and the 32-byte secret.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn encode_key_record(
    key_id: u32,
    not_before: u64,
    not_after: u64,
    secret: Vec<u8>,
) -> Result<Vec<u8>> {
    let secret = Zeroizing::new(secret);
    let secret = zeroize::Zeroizing::new(convert::array::<32>("platform key", &secret)?);
    let record = KeyRecord::new(
        KeyId::new(key_id),
        KeyInterval::new(not_before, not_after)?,
        PlatformKeyBytes::from_bytes(*secret),
    )?;
    Ok(record.to_bytes().as_bytes().to_vec())
}
