//! Shared pieces of the fuzz targets: the fixed platform keyring, the layouts
//! of the structured fuzz inputs (parsed by the targets, written by the seed
//! generator in `examples/gen_seeds.rs`), a byte-replaying RNG, and an
//! independent reference model of the construction (`reference`).

pub mod media;
pub mod mimi;
pub mod reference;

use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::{KeyId, KeyInterval, Keyring, PlatformKey};

/// The moderator's clock in every target, seconds since the Unix epoch.
pub const NOW: u64 = 1_700_000_000;
/// Maximum report age of the fixed keyring: 30 days.
pub const MAX_AGE: u64 = 30 * 86_400;
/// Allowed clock skew of the fixed keyring.
pub const MAX_SKEW: u64 = 300;

/// When key 1 was rotated out and key 2 took over: ten days before [`NOW`].
pub const ROTATED_AT: u64 = NOW - 10 * 86_400;

/// 32 distinct bytes counting up from `seed` (all-equal keys are refused).
const fn key_bytes(seed: u8) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = seed.wrapping_add(i as u8);
        i += 1;
    }
    out
}

/// The platform keys the fixed keyring holds: (id, secret bytes, not_before,
/// not_after). Id 2 is current (rotated in at [`ROTATED_AT`], which closed
/// key 1's interval); `u32::MAX` is an extra verifying key with an open
/// interval.
pub const PLATFORM_KEYS: [(u32, [u8; 32], u64, u64); 3] = [
    (1, key_bytes(0x11), 0, ROTATED_AT),
    (2, key_bytes(0x22), ROTATED_AT, u64::MAX),
    // Loaded open, but the keyring closes it where key 2 begins (SPEC.md
    // 6.1: intervals form a chain).
    (u32::MAX, key_bytes(0x33), 0, ROTATED_AT),
];
/// A key that was in the keyring and has been retired.
pub const RETIRED_KEY: (u32, [u8; 32]) = (7, key_bytes(0x77));

fn key_with(id: u32, bytes: [u8; 32], interval: KeyInterval) -> PlatformKey {
    PlatformKey::from_bytes(KeyId::new(id), interval, &mut bytes.clone()).expect("strong key")
}

/// The platform key with index `i % PLATFORM_KEYS.len()`, with its interval
/// as the keyring holds it.
pub fn platform_key(i: u8) -> PlatformKey {
    let (id, bytes, not_before, not_after) = PLATFORM_KEYS[usize::from(i) % PLATFORM_KEYS.len()];
    key_with(
        id,
        bytes,
        KeyInterval::new(not_before, not_after).expect("ordered"),
    )
}

/// The same key with an interval covering every second: what a stamper with
/// a wrong clock, or whoever leaked the key, stamps with.
pub fn platform_key_any_time(i: u8) -> PlatformKey {
    let (id, bytes, _, _) = PLATFORM_KEYS[usize::from(i) % PLATFORM_KEYS.len()];
    key_with(id, bytes, KeyInterval::starting_at(0))
}

/// The fixed keyring: current key 2; keys 1 (closed at [`ROTATED_AT`]) and
/// `u32::MAX` verify; key 7 retired.
pub fn keyring() -> Keyring {
    let [k1, k2, k3] = PLATFORM_KEYS;
    let mut ring = Keyring::new(key_with(k1.0, k1.1, KeyInterval::starting_at(0)), MAX_AGE)
        .with_max_skew(MAX_SKEW);
    ring.rotate(key_with(k2.0, k2.1, KeyInterval::starting_at(ROTATED_AT)))
        .expect("rotate");
    ring.insert(platform_key(2)).expect("insert");
    ring.insert(key_with(
        RETIRED_KEY.0,
        RETIRED_KEY.1,
        KeyInterval::starting_at(0),
    ))
    .expect("insert");
    assert_eq!(ring.retire(KeyId::new(RETIRED_KEY.0)), Ok(()));
    assert_eq!(ring.current(), Some(KeyId::new(k2.0)));
    for (i, (id, _, not_before, not_after)) in PLATFORM_KEYS.iter().enumerate() {
        let held = ring.get(KeyId::new(*id)).expect("held").interval();
        assert_eq!(
            (held.not_before(), held.not_after()),
            (*not_before, *not_after),
            "key {i}"
        );
    }
    let _ = k3;
    ring
}

/// An RNG that replays fixed bytes (then zeros). Lets a fuzz input choose the
/// "random" opening of `commit_with_rng`. Never use outside fuzzing.
pub struct ReplayRng<'a>(pub &'a [u8]);

impl TryRng for ReplayRng<'_> {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        let n = dst.len().min(self.0.len());
        dst[..n].copy_from_slice(&self.0[..n]);
        dst[n..].fill(0);
        self.0 = &self.0[n..];
        Ok(())
    }
}
impl TryCryptoRng for ReplayRng<'_> {}

/// Reads a structured fuzz input. Never fails: past the end it yields zeros
/// and empty slices, so every byte string is a usable input.
pub struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self(data)
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }

    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let got = self.take(N);
        out[..got.len()].copy_from_slice(got);
        out
    }

    pub fn u8(&mut self) -> u8 {
        self.array::<1>()[0]
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.array())
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.array())
    }

    /// A u16 length, then up to that many bytes.
    pub fn slice(&mut self) -> &'a [u8] {
        let len = u16::from_be_bytes(self.array());
        self.take(usize::from(len))
    }

    pub fn rest(self) -> &'a [u8] {
        self.0
    }
}

/// Writes a structured fuzz input in the layout [`Input`] reads.
#[derive(Default)]
pub struct Output(pub Vec<u8>);

impl Output {
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(b);
        self
    }

    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.bytes(&[v])
    }

    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.bytes(&v.to_be_bytes())
    }

    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_be_bytes())
    }

    pub fn slice(&mut self, b: &[u8]) -> &mut Self {
        let len = u16::try_from(b.len()).expect("seed field longer than u16::MAX");
        self.bytes(&len.to_be_bytes()).bytes(b)
    }
}

/// Input of `open_arbitrary`: key (32) || envelope (88) || u16-prefixed header || buffer.
pub struct OpenInput<'a> {
    pub key: [u8; 32],
    pub envelope: [u8; 88],
    pub header: &'a [u8],
    pub buffer: &'a [u8],
}

impl<'a> OpenInput<'a> {
    pub fn parse(data: &'a [u8]) -> Self {
        let mut i = Input::new(data);
        Self {
            key: i.array(),
            envelope: i.array(),
            header: i.slice(),
            buffer: i.rest(),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Output::default();
        o.bytes(&self.key)
            .bytes(&self.envelope)
            .slice(self.header)
            .bytes(self.buffer);
        o.0
    }
}

/// The message, its delivery and its report, as chosen by a fuzz input.
/// Layout: key (32) || nonce (24) || platform key index (1) || timestamp (8)
/// || report age (4) || u16-prefixed sender, recipient, message id, header ||
/// message (the rest).
#[derive(Clone, Copy)]
pub struct MessageInput<'a> {
    pub key: [u8; 32],
    pub nonce: [u8; 24],
    pub platform_key: u8,
    pub timestamp: u64,
    /// How long after `timestamp` the moderator verifies, reduced mod `MAX_AGE + 1`.
    pub age: u32,
    pub sender: &'a [u8],
    pub recipient: &'a [u8],
    pub message_id: &'a [u8],
    pub header: &'a [u8],
    pub message: &'a [u8],
}

impl<'a> MessageInput<'a> {
    fn read(i: &mut Input<'a>) -> Self {
        Self {
            key: i.array(),
            nonce: i.array(),
            platform_key: i.u8(),
            timestamp: i.u64(),
            age: i.u32(),
            sender: i.slice(),
            recipient: i.slice(),
            message_id: i.slice(),
            header: i.slice(),
            message: &[],
        }
    }

    fn write(&self, o: &mut Output) {
        o.bytes(&self.key)
            .bytes(&self.nonce)
            .u8(self.platform_key)
            .u64(self.timestamp)
            .u32(self.age)
            .slice(self.sender)
            .slice(self.recipient)
            .slice(self.message_id)
            .slice(self.header);
    }

    /// The moderator's clock: within the keyring's window for `timestamp`.
    pub fn now(&self) -> u64 {
        self.timestamp
            .saturating_add(u64::from(self.age) % (MAX_AGE + 1))
    }
}

/// Input of `seal_open_verify`: bit to flip (4) || [`MessageInput`].
pub struct SealInput<'a> {
    pub flip: u32,
    pub msg: MessageInput<'a>,
}

impl<'a> SealInput<'a> {
    pub fn parse(data: &'a [u8]) -> Self {
        let mut i = Input::new(data);
        let flip = i.u32();
        let mut msg = MessageInput::read(&mut i);
        msg.message = i.rest();
        Self { flip, msg }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Output::default();
        o.u32(self.flip);
        self.msg.write(&mut o);
        o.bytes(self.msg.message);
        o.0
    }
}

/// Input of `report_bitflip`: mode (1; bit 0 set = layer mode, the opening is
/// the message key's bytes) || number of flips - 1 (1, mod 8) || flips (4 each)
/// || [`MessageInput`].
pub struct BitflipInput<'a> {
    pub layer_mode: bool,
    pub flips: Vec<u32>,
    pub msg: MessageInput<'a>,
}

impl<'a> BitflipInput<'a> {
    pub fn parse(data: &'a [u8]) -> Self {
        let mut i = Input::new(data);
        let layer_mode = i.u8() & 1 == 1;
        let n = 1 + usize::from(i.u8() % 8);
        let flips = (0..n).map(|_| i.u32()).collect();
        let mut msg = MessageInput::read(&mut i);
        msg.message = i.rest();
        Self {
            layer_mode,
            flips,
            msg,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        assert!((1..=8).contains(&self.flips.len()));
        let mut o = Output::default();
        o.u8(u8::from(self.layer_mode))
            .u8(self.flips.len() as u8 - 1);
        for f in &self.flips {
            o.u32(*f);
        }
        self.msg.write(&mut o);
        o.bytes(self.msg.message);
        o.0
    }
}
