//! The moderator's role: verify a report.

use crate::commitment::{self, FrankingTag};
use crate::platform::{Context, KeyId, Keyring};
use crate::report::Report;
use crate::Error;

/// A report whose commitment and stamp both verified: the sender named in
/// [`context`](Self::context) sent exactly this header and message to the
/// named recipient, and the platform accepted it at the named time.
///
/// Only [`verify`] makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifiedReport<'a> {
    key_id: KeyId,
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
        self.key_id
    }

    /// The franking tag that the message opened.
    pub fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }
}

/// Verifies a report against the platform's keyring at time `now` (seconds
/// since the Unix epoch; `no_std` has no clock, so the caller passes it).
///
/// Accepts if and only if
/// 1. the keyring holds the stamp's key id (else [`Error::UnknownKey`]),
/// 2. `now - max_age <= timestamp <= now + max_skew` (else [`Error::Expired`]
///    or [`Error::FromFuture`]),
/// 3. `HMAC-SHA256(opening, encode(header, message)) == franking_tag` and
///    `HMAC-SHA256(platform key, encode(key id, franking_tag, context)) ==
///    stamp.mac`, both compared in constant time and combined without an
///    early return (else the opaque [`Error::Invalid`]).
pub fn verify<'a>(keyring: &Keyring, now: u64, report: &Report<'a>) -> Result<VerifiedReport<'a>, Error> {
    let stamp = report.stamp();
    let key = keyring.get(stamp.key_id()).ok_or(Error::UnknownKey)?;
    let context = *report.context();
    keyring.check_time(now, context.timestamp())?;
    let commitment_ok = commitment::check(
        report.opening(),
        report.header(),
        report.message(),
        report.franking_tag(),
    );
    let stamp_ok = key.check(stamp, report.franking_tag(), &context);
    if !bool::from(commitment_ok & stamp_ok) {
        return Err(Error::Invalid);
    }
    Ok(VerifiedReport {
        key_id: stamp.key_id(),
        franking_tag: *report.franking_tag(),
        context,
        header: report.header(),
        message: report.message(),
    })
}
