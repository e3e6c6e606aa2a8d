//! An independent reference model of the construction, written from the
//! specification (SPEC.md) rather than from the library's code: the
//! commitment and the stamp are computed by hand from SHA-256, the message keystream is reached by seeking
//! the cipher to byte 64, and the report codec is a separate parser and
//! writer. The differential targets require the library to agree with it
//! byte for byte.

use aes::Aes256;
use chacha20::cipher::{BlockCipherEncrypt, KeyInit, KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::{ChaCha20, R20, hchacha};
use ctr::Ctr32BE;
use sha2::{Digest, Sha256};

use franking::{ErrorKind as Error, Suite};

pub const COMMITMENT_LABEL: &[u8; 16] = b"franking-v1-comm";
pub const STAMP_LABEL: &[u8; 16] = b"franking-v1-stmp";
pub const INTEGRITY_LABEL: &[u8; 16] = b"franking-v1-intg";

/// HMAC-SHA256's inner hash (RFC 2104 without the outer hash) with a 32-byte
/// key, over the concatenation of `parts`.
pub fn hmac_inner(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut ipad = [0x36u8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
    }
    let mut inner = Sha256::new();
    inner.update(ipad);
    for p in parts {
        inner.update(p);
    }
    inner.finalize().into()
}

/// `SHA-256(((opening || 0^32) XOR ipad) || COMMITMENT_LABEL || u64(len h) ||
/// h || u64(len m) || m)`: the inner hash of HMAC(opening, ...).
pub fn commitment(opening: &[u8; 32], header: &[u8], message: &[u8]) -> [u8; 32] {
    let mut key_block = [0x36u8; 64];
    for (b, k) in key_block.iter_mut().zip(opening) {
        *b ^= k;
    }
    let mut hash = Sha256::new();
    hash.update(key_block);
    hash.update(COMMITMENT_LABEL);
    hash.update((header.len() as u64).to_be_bytes());
    hash.update(header);
    hash.update((message.len() as u64).to_be_bytes());
    hash.update(message);
    hash.finalize().into()
}

/// Delivery context fields, as the reference sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ctx<'a> {
    pub sender: &'a [u8],
    pub recipient: &'a [u8],
    pub timestamp: u64,
    pub message_id: &'a [u8],
    pub conversation: &'a [u8],
    pub seq: u64,
}

/// `SHA-256(KeyBlock(platform key) || STAMP_LABEL || u32(key id) || tag ||
/// u64(ts) || u64(seq) || u16-prefixed sender, message id, conversation ||
/// zeros to a 64-byte boundary || u16-prefixed recipient)`.
pub fn stamp_mac(platform_key: &[u8; 32], key_id: u32, tag: &[u8; 32], ctx: &Ctx<'_>) -> [u8; 32] {
    let len16 = |b: &[u8]| u16::try_from(b.len()).expect("id too long").to_be_bytes();
    let common = [
        STAMP_LABEL,
        &key_id.to_be_bytes()[..],
        tag,
        &ctx.timestamp.to_be_bytes(),
        &ctx.seq.to_be_bytes(),
        &len16(ctx.sender),
        ctx.sender,
        &len16(ctx.message_id),
        ctx.message_id,
        &len16(ctx.conversation),
        ctx.conversation,
    ]
    .concat();
    let zeros = vec![0u8; (64 - common.len() % 64) % 64];
    hmac_inner(
        platform_key,
        &[&common, &zeros, &len16(ctx.recipient), ctx.recipient],
    )
}

/// What `seal` produces: ciphertext, the envelope's two tags, and the opening.
pub struct Sealed {
    pub ciphertext: Vec<u8>,
    pub franking_tag: [u8; 32],
    pub integrity_tag: [u8; 32],
    pub opening: [u8; 32],
}

/// `KS(K, N)` (SPEC.md section 2): ChaCha20 under the HChaCha20 subkey with
/// nonce `"frk1" || N[16..24]`, from block 0.
fn keystream(key: &[u8; 32], nonce: &[u8; 24]) -> ChaCha20 {
    let hchacha_input: [u8; 16] = nonce[..16].try_into().expect("16 bytes");
    let subkey = hchacha::<R20>(key.into(), &hchacha_input.into());
    let mut chacha_nonce = [0u8; 12];
    chacha_nonce[..4].copy_from_slice(b"frk1");
    chacha_nonce[4..].copy_from_slice(&nonce[16..]);
    ChaCha20::new(&subkey, &chacha_nonce.into())
}

/// The AES-256 suite's per-nonce key (SPEC.md 4.5): XAES-256-GCM's CMAC-based
/// derivation with label `'F'`, computed block by block.
fn aes_key(key: &[u8; 32], nonce: &[u8; 24]) -> [u8; 32] {
    let aes = Aes256::new(key.into());
    let mut l = [0u8; 16].into();
    aes.encrypt_block(&mut l);
    let mut k1: [u8; 16] = l.into();
    let carry = k1[0] >> 7;
    for i in 0..16 {
        let next = if i < 15 { k1[i + 1] >> 7 } else { 0 };
        k1[i] = (k1[i] << 1) | next;
    }
    if carry == 1 {
        k1[15] ^= 0x87;
    }
    let mut kx = [0u8; 32];
    for (i, counter) in [1u8, 2].into_iter().enumerate() {
        let mut m = [0u8; 16];
        m[1] = counter;
        m[2] = b'F';
        m[4..].copy_from_slice(&nonce[..12]);
        for (b, k) in m.iter_mut().zip(k1) {
            *b ^= k;
        }
        let mut block = m.into();
        aes.encrypt_block(&mut block);
        kx[16 * i..16 * i + 16].copy_from_slice(&block);
    }
    kx
}

/// The keystream of `suite` from byte `offset` over `buf`.
fn apply_keystream(suite: Suite, key: &[u8; 32], nonce: &[u8; 24], offset: u64, buf: &mut [u8]) {
    match suite {
        Suite::XChaCha20 => {
            let mut cipher = keystream(key, nonce);
            cipher.seek(offset);
            cipher.apply_keystream(buf);
        }
        Suite::Aes256 => {
            let mut iv = [0u8; 16];
            iv[..12].copy_from_slice(&nonce[12..]);
            let mut cipher = Ctr32BE::<Aes256>::new(&aes_key(key, nonce).into(), &iv.into());
            cipher.seek(offset);
            cipher.apply_keystream(buf);
        }
    }
}

/// The committing AEAD, from the specification.
pub fn seal(
    suite: Suite,
    key: &[u8; 32],
    nonce: &[u8; 24],
    header: &[u8],
    message: &[u8],
) -> Sealed {
    let mut block0 = [0u8; 64];
    apply_keystream(suite, key, nonce, 0, &mut block0);
    let mut opening = [0u8; 32];
    opening.copy_from_slice(&block0[..32]);

    let mut ciphertext = message.to_vec();
    apply_keystream(suite, key, nonce, 64, &mut ciphertext);

    let franking_tag = commitment(&opening, header, message);
    Sealed {
        ciphertext,
        integrity_tag: integrity_tag(&block0, &franking_tag),
        franking_tag,
        opening,
    }
}

/// One SHA-256 compression, chaining value = block0[32..64] as big-endian
/// words, over `INTEGRITY_LABEL || tag || 0^16`.
fn integrity_tag(block0: &[u8; 64], tag: &[u8; 32]) -> [u8; 32] {
    let mut state = [0u32; 8];
    for (w, b) in state.iter_mut().zip(block0[32..].chunks_exact(4)) {
        *w = u32::from_be_bytes(b.try_into().expect("4 bytes"));
    }
    let mut block = [0u8; 64];
    block[..16].copy_from_slice(INTEGRITY_LABEL);
    block[16..48].copy_from_slice(tag);
    sha2::block_api::compress256(&mut state, &[block]);
    let mut out = [0u8; 32];
    for (b, w) in out.chunks_exact_mut(4).zip(state) {
        b.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// A report's fields, as the reference codec sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rep<'a> {
    pub key_id: u32,
    pub mac: [u8; 32],
    pub franking_tag: [u8; 32],
    pub opening: [u8; 32],
    pub ctx: Ctx<'a>,
    pub header: &'a [u8],
    pub message: &'a [u8],
}

impl<'a> Rep<'a> {
    /// Reads the library's view of a report.
    pub fn of(r: &franking::Report<'a>) -> Self {
        let c = r.context();
        Self {
            key_id: r.stamp().key_id().get(),
            mac: *r.stamp().mac().as_bytes(),
            franking_tag: *r.franking_tag().as_bytes(),
            opening: *r.opening().as_bytes(),
            ctx: Ctx {
                sender: c.sender(),
                recipient: c.recipient(),
                timestamp: c.timestamp(),
                message_id: c.message_id(),
                conversation: c.conversation(),
                seq: c.seq(),
            },
            header: r.header(),
            message: r.message(),
        }
    }

    /// Report wire format, version 1.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![1u8];
        out.extend_from_slice(&self.key_id.to_be_bytes());
        out.extend_from_slice(&self.mac);
        out.extend_from_slice(&self.franking_tag);
        out.extend_from_slice(&self.opening);
        out.extend_from_slice(&self.ctx.timestamp.to_be_bytes());
        out.extend_from_slice(&self.ctx.seq.to_be_bytes());
        for id in [
            self.ctx.sender,
            self.ctx.recipient,
            self.ctx.message_id,
            self.ctx.conversation,
        ] {
            out.extend_from_slice(&u16::try_from(id.len()).expect("id").to_be_bytes());
            out.extend_from_slice(id);
        }
        for field in [self.header, self.message] {
            out.extend_from_slice(&u32::try_from(field.len()).expect("field").to_be_bytes());
            out.extend_from_slice(field);
        }
        out
    }

    /// Parses the report wire format, version 1. `Err` says why not.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let (&version, mut rest) = bytes.split_first().ok_or(Error::Malformed)?;
        if version != 1 {
            // SPEC.md 5.6 step 1: the crate's other encodings are named.
            let other =
                matches!(version, 0x11 | 0x52 | 0x4b) || bytes.starts_with(b"franking-v1-mrpt");
            return Err(if other {
                Error::WrongEncoding
            } else {
                Error::UnsupportedVersion
            });
        }
        let mut take = |n: usize| -> Result<&'a [u8], Error> {
            if rest.len() < n {
                return Err(Error::Malformed);
            }
            let (head, tail) = rest.split_at(n);
            rest = tail;
            Ok(head)
        };
        let key_id = u32::from_be_bytes(take(4)?.try_into().expect("4"));
        let mac = take(32)?.try_into().expect("32");
        let franking_tag = take(32)?.try_into().expect("32");
        let opening = take(32)?.try_into().expect("32");
        let timestamp = u64::from_be_bytes(take(8)?.try_into().expect("8"));
        let seq = u64::from_be_bytes(take(8)?.try_into().expect("8"));
        let mut ids = [&[][..]; 4];
        for id in &mut ids {
            let len = u16::from_be_bytes(take(2)?.try_into().expect("2"));
            *id = take(usize::from(len))?;
        }
        let mut fields = [&[][..]; 2];
        for field in &mut fields {
            let len = u32::from_be_bytes(take(4)?.try_into().expect("4"));
            *field = take(len as usize)?;
        }
        if !rest.is_empty() {
            return Err(Error::Malformed);
        }
        Ok(Self {
            key_id,
            mac,
            franking_tag,
            opening,
            ctx: Ctx {
                sender: ids[0],
                recipient: ids[1],
                timestamp,
                message_id: ids[2],
                conversation: ids[3],
                seq,
            },
            header: fields[0],
            message: fields[1],
        })
    }

    /// The moderator's decision, in the specified order of checks (SPEC.md
    /// section 6), against verifying keys `keys` (id, secret, not_before,
    /// not_after) with the given policy.
    pub fn verify(
        &self,
        keys: &[(u32, [u8; 32], u64, u64)],
        now: u64,
        max_age: u64,
        max_skew: u64,
    ) -> Result<(), Error> {
        let platform_key = public_checks(
            keys,
            self.key_id,
            self.ctx.timestamp,
            now,
            max_age,
            max_skew,
        )?;
        let commitment_ok =
            commitment(&self.opening, self.header, self.message) == self.franking_tag;
        let stamp_ok =
            stamp_mac(platform_key, self.key_id, &self.franking_tag, &self.ctx) == self.mac;
        if commitment_ok && stamp_ok {
            Ok(())
        } else {
            Err(Error::Invalid)
        }
    }
}

/// Steps 1 to 4 of SPEC.md section 6 (public data, in order): the key.
fn public_checks(
    keys: &[(u32, [u8; 32], u64, u64)],
    key_id: u32,
    timestamp: u64,
    now: u64,
    max_age: u64,
    max_skew: u64,
) -> Result<&[u8; 32], Error> {
    let ts = u128::from(timestamp);
    let (now, max_age, max_skew) = (u128::from(now), u128::from(max_age), u128::from(max_skew));
    if ts > now + max_skew {
        return Err(Error::FromFuture);
    }
    if now > ts && now - ts > max_age {
        return Err(Error::Expired);
    }
    let (_, platform_key, not_before, not_after) = keys
        .iter()
        .find(|(id, ..)| *id == key_id)
        .ok_or(Error::UnknownKey)?;
    let (not_before, not_after) = (u128::from(*not_before), u128::from(*not_after));
    if ts + max_skew < not_before || ts > not_after + max_skew {
        return Err(Error::OutsideKeyInterval);
    }
    Ok(platform_key)
}

/// One entry of a conversation report (SPEC.md 15.5): a message, or
/// stamp-only (a receipt's fields, no opening or content).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvEntry<'a> {
    Message(Rep<'a>),
    StampOnly(Rcpt<'a>),
}

impl<'a> ConvEntry<'a> {
    /// Reads the library's view of an entry.
    pub fn of(e: &franking::conversation::Entry<'a>) -> Self {
        match e {
            franking::conversation::Entry::Message(r) => Self::Message(Rep::of(r)),
            franking::conversation::Entry::StampOnly(r) => Self::StampOnly(Rcpt::of(r)),
        }
    }

    pub fn seq(&self) -> u64 {
        match self {
            Self::Message(r) => r.ctx.seq,
            Self::StampOnly(r) => r.ctx.seq,
        }
    }

    pub fn timestamp(&self) -> u64 {
        match self {
            Self::Message(r) => r.ctx.timestamp,
            Self::StampOnly(r) => r.ctx.timestamp,
        }
    }

    pub fn is_stamp_only(&self) -> bool {
        matches!(self, Self::StampOnly(_))
    }

    /// SPEC.md 15.6 for one entry: section 6, with the stamp alone for a
    /// stamp-only entry.
    pub fn verify(
        &self,
        keys: &[(u32, [u8; 32], u64, u64)],
        now: u64,
        max_age: u64,
        max_skew: u64,
    ) -> Result<(), Error> {
        match self {
            Self::Message(r) => r.verify(keys, now, max_age, max_skew),
            Self::StampOnly(r) => {
                let key = public_checks(keys, r.key_id, r.ctx.timestamp, now, max_age, max_skew)?;
                if stamp_mac(key, r.key_id, &r.franking_tag, &r.ctx) == r.mac {
                    Ok(())
                } else {
                    Err(Error::Invalid)
                }
            }
        }
    }
}

/// A receipt's fields, as the reference codec sees them (SPEC.md 5.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rcpt<'a> {
    pub key_id: u32,
    pub mac: [u8; 32],
    pub franking_tag: [u8; 32],
    pub ctx: Ctx<'a>,
}

impl<'a> Rcpt<'a> {
    /// Reads the library's view of a receipt.
    pub fn of(r: &franking::Receipt<'a>) -> Self {
        let c = r.context();
        Self {
            key_id: r.stamp().key_id().get(),
            mac: *r.stamp().mac().as_bytes(),
            franking_tag: *r.franking_tag().as_bytes(),
            ctx: Ctx {
                sender: c.sender(),
                recipient: c.recipient(),
                timestamp: c.timestamp(),
                message_id: c.message_id(),
                conversation: c.conversation(),
                seq: c.seq(),
            },
        }
    }

    /// Receipt wire format: `0x52 || 0x01 || u32(id) || mac || tag ||
    /// u64(ts) || u64(seq) || u16-prefixed sender, recipient, message id,
    /// conversation`.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![0x52, 0x01];
        out.extend_from_slice(&self.key_id.to_be_bytes());
        out.extend_from_slice(&self.mac);
        out.extend_from_slice(&self.franking_tag);
        out.extend_from_slice(&self.ctx.timestamp.to_be_bytes());
        out.extend_from_slice(&self.ctx.seq.to_be_bytes());
        for id in [
            self.ctx.sender,
            self.ctx.recipient,
            self.ctx.message_id,
            self.ctx.conversation,
        ] {
            out.extend_from_slice(&u16::try_from(id.len()).expect("id").to_be_bytes());
            out.extend_from_slice(id);
        }
        out
    }

    /// Parses the receipt wire format, version 1. `Err` says why not.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let (&kind, rest) = bytes.split_first().ok_or(Error::Malformed)?;
        if kind != 0x52 {
            return Err(Error::Malformed);
        }
        let (&version, mut rest) = rest.split_first().ok_or(Error::Malformed)?;
        if version != 1 {
            return Err(Error::UnsupportedVersion);
        }
        let mut take = |n: usize| -> Result<&'a [u8], Error> {
            if rest.len() < n {
                return Err(Error::Malformed);
            }
            let (head, tail) = rest.split_at(n);
            rest = tail;
            Ok(head)
        };
        let key_id = u32::from_be_bytes(take(4)?.try_into().expect("4"));
        let mac = take(32)?.try_into().expect("32");
        let franking_tag = take(32)?.try_into().expect("32");
        let timestamp = u64::from_be_bytes(take(8)?.try_into().expect("8"));
        let seq = u64::from_be_bytes(take(8)?.try_into().expect("8"));
        let mut ids = [&[][..]; 4];
        for id in &mut ids {
            let len = u16::from_be_bytes(take(2)?.try_into().expect("2"));
            *id = take(usize::from(len))?;
        }
        if !rest.is_empty() {
            return Err(Error::Malformed);
        }
        Ok(Self {
            key_id,
            mac,
            franking_tag,
            ctx: Ctx {
                sender: ids[0],
                recipient: ids[1],
                timestamp,
                message_id: ids[2],
                conversation: ids[3],
                seq,
            },
        })
    }
}

/// A conversation report (SPEC.md 15.5), parsed by the reference: the
/// conversation id and the entries, each with that conversation.
pub fn decode_conversation(bytes: &[u8]) -> Result<(&[u8], Vec<ConvEntry<'_>>), Error> {
    let (&version, mut rest) = bytes.split_first().ok_or(Error::Malformed)?;
    if version != 0x11 {
        return Err(Error::UnsupportedVersion);
    }
    let mut take = |n: usize| -> Result<&[u8], Error> {
        if rest.len() < n {
            return Err(Error::Malformed);
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    let len = u16::from_be_bytes(take(2)?.try_into().expect("2"));
    let conversation = take(usize::from(len))?;
    let count = u16::from_be_bytes(take(2)?.try_into().expect("2"));
    if count == 0 {
        return Err(Error::Malformed);
    }
    let mut entries: Vec<ConvEntry<'_>> = Vec::new();
    for _ in 0..count {
        let kind = take(1)?[0];
        if kind != 0x01 && kind != 0x02 {
            return Err(Error::Malformed);
        }
        let key_id = u32::from_be_bytes(take(4)?.try_into().expect("4"));
        let mac = take(32)?.try_into().expect("32");
        let franking_tag = take(32)?.try_into().expect("32");
        let opening: Option<[u8; 32]> = if kind == 0x01 {
            Some(take(32)?.try_into().expect("32"))
        } else {
            None
        };
        let timestamp = u64::from_be_bytes(take(8)?.try_into().expect("8"));
        let seq = u64::from_be_bytes(take(8)?.try_into().expect("8"));
        let mut ids = [&[][..]; 3];
        for id in &mut ids {
            let len = u16::from_be_bytes(take(2)?.try_into().expect("2"));
            *id = take(usize::from(len))?;
        }
        let ctx = Ctx {
            sender: ids[0],
            recipient: ids[1],
            timestamp,
            message_id: ids[2],
            conversation,
            seq,
        };
        let entry = match opening {
            Some(opening) => {
                let mut fields = [&[][..]; 2];
                for field in &mut fields {
                    let len = u32::from_be_bytes(take(4)?.try_into().expect("4"));
                    *field = take(len as usize)?;
                }
                ConvEntry::Message(Rep {
                    key_id,
                    mac,
                    franking_tag,
                    opening,
                    ctx,
                    header: fields[0],
                    message: fields[1],
                })
            }
            None => ConvEntry::StampOnly(Rcpt {
                key_id,
                mac,
                franking_tag,
                ctx,
            }),
        };
        if entries.last().is_some_and(|e| seq <= e.seq()) {
            return Err(Error::Malformed);
        }
        entries.push(entry);
    }
    if !rest.is_empty() {
        return Err(Error::Malformed);
    }
    Ok((conversation, entries))
}

/// The moderator's decision on a conversation report (SPEC.md 15.6): the
/// public checks of every entry in order first, then one cryptographic verdict.
pub fn verify_conversation(
    entries: &[ConvEntry<'_>],
    keys: &[(u32, [u8; 32], u64, u64)],
    now: u64,
    max_age: u64,
    max_skew: u64,
) -> Result<(), Error> {
    for e in entries {
        match e.verify(keys, now, max_age, max_skew) {
            Err(Error::Invalid) | Ok(()) => {}
            Err(other) => return Err(other),
        }
    }
    if entries
        .iter()
        .all(|e| e.verify(keys, now, max_age, max_skew).is_ok())
    {
        Ok(())
    } else {
        Err(Error::Invalid)
    }
}
