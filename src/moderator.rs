//! The moderator's role: verify a report.

use crate::Error;
use crate::commitment::{self, FrankingTag};
use crate::context::Context;
use crate::ct;
use crate::key_id::KeyId;
use crate::platform::{Keyring, PlatformKey};
use crate::report::Report;
use crate::report_id::ReportId;
use crate::stamp::Stamp;
use subtle::Choice;

/// A report whose commitment and stamp both verified: the sender named in
/// [`context`](Self::context) sent exactly this header and message to the
/// named recipient, and the platform accepted it at the named time.
///
/// Only [`verify`] makes one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VerifiedReport<'a> {
    stamp: Stamp,
    franking_tag: FrankingTag,
    context: Context<'a>,
    header: &'a [u8],
    message: &'a [u8],
}

impl<'a> VerifiedReport<'a> {
    /// The sender's id.
    pub fn sender(&self) -> &'a [u8] {
        self.context.sender()
    }

    /// The recipient's (or room's) id.
    pub fn recipient(&self) -> &'a [u8] {
        self.context.recipient()
    }

    /// When the platform accepted the message, in seconds since the Unix epoch.
    pub fn timestamp(&self) -> u64 {
        self.context.timestamp()
    }

    /// The platform's message id.
    pub fn message_id(&self) -> &'a [u8] {
        self.context.message_id()
    }

    /// The conversation the message belongs to (empty outside one).
    pub fn conversation(&self) -> &'a [u8] {
        self.context.conversation()
    }

    /// The message's sequence number in its conversation.
    pub fn seq(&self) -> u64 {
        self.context.seq()
    }

    /// The whole verified delivery context.
    pub fn context(&self) -> &Context<'a> {
        &self.context
    }

    /// The verified header.
    pub fn header(&self) -> &'a [u8] {
        self.header
    }

    /// The verified message.
    pub fn message(&self) -> &'a [u8] {
        self.message
    }

    /// The platform key whose stamp verified.
    pub fn key_id(&self) -> KeyId {
        self.stamp.key_id()
    }

    /// The verified stamp. `(key id, stamp MAC)` identifies one delivery, to
    /// one user or to every member of a room: deduplicate reports by
    /// [`report_id`](Self::report_id), which adds who reported it.
    pub fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// The franking tag that the message opened.
    pub fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// What to deduplicate this report by, as submitted by `reporter`: the
    /// id of the account that submitted it, as the platform authenticated it
    /// (SPEC.md 6.2). One room member reporting twice gets one id; two
    /// members get two. [`Error::TooLong`] if `reporter` is longer than
    /// [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes.
    ///
    /// ```
    /// # use franking::{Report, verify};
    /// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let key = MessageKey::generate(&mut rng);
    /// # let mut buffer = *b"hello";
    /// # let envelope = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?;
    /// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let keyring = Keyring::new(platform, 30 * 86_400);
    /// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
    /// # let stamp = keyring.stamp_envelope(&envelope, &context)?;
    /// # let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
    /// # let mut bytes = vec![0; opened.report(&context, &stamp).encoded_len()];
    /// # opened.report(&context, &stamp).encode_into(&mut bytes)?;
    /// # let verified = verify(&keyring, 1_700_003_600, &Report::decode(&bytes)?)?;
    /// // The same report submitted twice by bob is one case; carol's is another.
    /// let id = verified.report_id(b"bob")?;
    /// assert_eq!(id, verified.report_id(b"bob")?);
    /// assert_ne!(id, verified.report_id(b"carol")?);
    /// // Key the moderation queue by `id.as_bytes()`.
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn report_id(&self, reporter: &[u8]) -> Result<ReportId, Error> {
        ReportId::for_message(&self.stamp, reporter)
    }
}

/// Prints lengths only: reported content must not end up in logs.
impl core::fmt::Debug for VerifiedReport<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedReport")
            .field("stamp", &self.stamp)
            .field("context", &self.context)
            .field("header_len", &self.header.len())
            .field("message_len", &self.message.len())
            .finish_non_exhaustive()
    }
}

/// Verifies a report against the platform's keyring at time `now` (seconds
/// since the Unix epoch; `no_std` has no clock, so the caller passes it).
///
/// Checks, in this order (SPEC.md section 6), the first failure deciding:
/// 1. `timestamp <= now + max_skew` (else [`Error::FromFuture`]),
/// 2. `now - timestamp <= max_age` (else [`Error::Expired`]); the age checks
///    need no key, so an old report of a retired key reads as expired,
/// 3. the keyring holds the stamp's key id (else [`Error::UnknownKey`]),
/// 4. `not_before - max_skew <= timestamp <= not_after + max_skew` for that
///    key's interval (else [`Error::OutsideKeyInterval`]): a key rotated out
///    verifies no stamp dated after its rotation,
/// 5. `SHA-256(((opening || 0^32) XOR ipad) || encode(header, message)) ==
///    franking_tag` (the inner hash of HMAC-SHA256 under the opening) and
///    `SHA-256(((platform key || 0^32) XOR ipad) || encode(key id,
///    franking_tag, context)) == stamp.mac` (HMAC's inner hash under the
///    platform key, SPEC.md 4.4), both compared in constant time and combined without an
///    early return (else the opaque [`Error::Invalid`]).
///
/// Steps 1 to 4 use public data only (timestamps, key ids, intervals,
/// policy); all arithmetic saturates.
///
/// The moderator should also authenticate who submits the report (the
/// recipient named in the context, or a member of that room) and deduplicate
/// by [`VerifiedReport::report_id`].
///
/// ```
/// use franking::{Error, Report, verify};
/// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
/// # let mut rng = rand::rng();
/// # let key = MessageKey::generate(&mut rng);
/// # let mut buffer = *b"hello";
/// # let envelope = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?;
/// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
/// # let keyring = Keyring::new(platform, 30 * 86_400);
/// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
/// # let stamp = keyring.stamp_envelope(&envelope, &context)?;
/// # let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
/// # let mut bytes = vec![0; opened.report(&context, &stamp).encoded_len()];
/// # opened.report(&context, &stamp).encode_into(&mut bytes)?;
/// // `bytes` was submitted by bob, an hour after delivery.
/// let now = 1_700_003_600;
/// let report = Report::decode(&bytes)?;
/// let verified = verify(&keyring, now, &report)?;
/// assert_eq!((verified.sender(), verified.message()), (&b"alice"[..], &b"hello"[..]));
/// // One flipped byte of the message: the opaque `Invalid`, nothing else.
/// let mut forged = bytes.clone();
/// let last = forged.len() - 1;
/// forged[last] ^= 1;
/// assert_eq!(verify(&keyring, now, &Report::decode(&forged)?), Err(Error::Invalid));
/// # Ok::<(), franking::Error>(())
/// ```
pub fn verify<'a, const N: usize>(
    keyring: &Keyring<N>,
    now: u64,
    report: &Report<'a>,
) -> Result<VerifiedReport<'a>, Error> {
    let key = check_public(keyring, now, report)?;
    if !ct::declassify(check_secret(key, report)) {
        return Err(Error::Invalid);
    }
    Ok(VerifiedReport::of_verified(report))
}

/// Steps 1 to 4 of SPEC.md section 6, on public data only, in that order
/// (age before key, so an old report reads as `Expired`): the report's key.
pub(crate) fn check_public<'k, const N: usize>(
    keyring: &'k Keyring<N>,
    now: u64,
    report: &Report<'_>,
) -> Result<&'k PlatformKey, Error> {
    let timestamp = report.context().timestamp();
    keyring.check_time(now, timestamp)?;
    keyring.key_for(report.stamp().key_id(), timestamp)
}

/// Step 5 of SPEC.md section 6, undecided: whether commitment and stamp both
/// hold (combined, in constant time). The caller declassifies the verdict,
/// and builds a [`VerifiedReport`] only if it is set.
pub(crate) fn check_secret(key: &PlatformKey, report: &Report<'_>) -> Choice {
    let franking_tag = report.franking_tag();
    let commitment_ok = commitment::check(
        report.opening_bytes(),
        report.header(),
        report.message(),
        &franking_tag,
    );
    let stamp_ok = key.check(&report.stamp(), &franking_tag, report.context());
    commitment_ok & stamp_ok
}

impl<'a> VerifiedReport<'a> {
    /// `report`, which [`check_secret`] passed (alone, or within a verified
    /// conversation report): the only way to make a `VerifiedReport`.
    pub(crate) fn of_verified(report: &Report<'a>) -> Self {
        Self {
            stamp: report.stamp(),
            franking_tag: report.franking_tag(),
            context: *report.context(),
            header: report.header(),
            message: report.message(),
        }
    }
}

impl VerifiedReport<'static> {
    /// A value that fills unused slots of a fixed-capacity verdict; never
    /// returned to a caller.
    pub(crate) fn placeholder() -> Self {
        Self {
            stamp: Stamp::default(),
            franking_tag: FrankingTag::from_bytes([0; 32]),
            context: Context::EMPTY,
            header: &[],
            message: &[],
        }
    }
}
