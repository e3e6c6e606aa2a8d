//! Generates the test vectors `tests/vectors/franking-v1.txt` (format: SPEC.md
//! section 10) through the crate's public API.
//!
//! Run with `cargo run --example gen_vectors > tests/vectors/franking-v1.txt`.
//! Every input is a fixed byte pattern, so the output is deterministic. Each
//! case states its expected verdict, and the generator checks that the crate
//! agrees before printing it.

use franking::conversation::Entry as ConversationEntry;
use franking::conversation::EntryKind;
use franking::platform::{KeyRecord, PlatformKeyBytes};
use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::{
    Context, ConversationReport, Envelope, Error, FrankingTag, IntegrityTag, KeyId, KeyInterval,
    Keyring, MessageKey, Nonce, Opening, PlatformKey, Receipt, Report, ReportId, Stamp, StampMac,
    Suite, commit_with_rng, verify, verify_commitment, verify_conversation,
};

/// `len` bytes counting up from `start`, wrapping at 256.
fn pattern(start: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| start.wrapping_add(i as u8)).collect()
}

/// `N` bytes counting up from `start`.
fn fixed<const N: usize>(start: u8) -> [u8; N] {
    core::array::from_fn(|i| start.wrapping_add(i as u8))
}

/// A copy of `bytes` with bit 0 of byte `at` flipped.
fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at] ^= 1;
    out
}

fn arr<const N: usize>(bytes: &[u8]) -> [u8; N] {
    bytes.try_into().expect("fixed-size field")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn verdict<T>(result: Result<T, Error>) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(e) => e.kind().name().into(),
    }
}

/// An "RNG" that hands out one fixed opening, so layer-mode commitments are
/// reproducible. Only for generating vectors.
struct FixedOpening([u8; 32]);

impl TryRng for FixedOpening {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        unreachable!("openings are drawn with fill_bytes")
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        unreachable!("openings are drawn with fill_bytes")
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        dst.copy_from_slice(&self.0[..dst.len()]);
        Ok(())
    }
}
impl TryCryptoRng for FixedOpening {}

/// The layer-mode franking tag of (header, message) under `opening`.
fn commit(opening: [u8; 32], header: &[u8], message: &[u8]) -> FrankingTag {
    let (got, tag) = commit_with_rng(&mut FixedOpening(opening), header, message).expect("commit");
    assert_eq!(got.as_bytes(), &opening);
    tag
}

/// One vector: `kind`, `name`, `expect`, then its fields in order.
struct Case {
    head: [(&'static str, String); 3],
    fields: Vec<(&'static str, String)>,
}

impl Case {
    fn new(kind: &'static str, name: &str, expect: &str) -> Self {
        let head = [
            ("kind", kind.into()),
            ("name", name.into()),
            ("expect", expect.into()),
        ];
        Self {
            head,
            fields: Vec::new(),
        }
    }
    fn hex(mut self, field: &'static str, bytes: &[u8]) -> Self {
        self.fields.push((field, hex(bytes)));
        self
    }
    fn dec(mut self, field: &'static str, value: u64) -> Self {
        self.fields.push((field, value.to_string()));
        self
    }
    fn text(mut self, field: &'static str, value: String) -> Self {
        self.fields.push((field, value));
        self
    }
    fn print(&self) {
        println!();
        for (name, value) in self.head.iter().chain(&self.fields) {
            println!("{name}: {value}");
        }
    }
}

fn commitment_case(
    name: &str,
    opening: [u8; 32],
    h: &[u8],
    m: &[u8],
    tag: &FrankingTag,
    expect: &str,
) -> Case {
    let got = verdict(verify_commitment(h, m, Opening::from_bytes(opening), tag));
    assert_eq!(got, expect, "commitment: {name}");
    Case::new("commitment", name, expect)
        .hex("opening", &opening)
        .hex("header", h)
        .hex("message", m)
        .hex("franking_tag", tag.as_bytes())
}

fn commitment_cases() -> Vec<Case> {
    let o: [u8; 32] = fixed(0xa0);
    let long_header = pattern(0x20, 300);
    let long_message = pattern(0x00, 1031);
    let (room, hello) = (&b"room:1234"[..], &b"hello"[..]);
    let c = |name, h: &[u8], m: &[u8]| commitment_case(name, o, h, m, &commit(o, h, m), "ok");
    let tag_ab_c = commit(o, b"ab", b"c");
    let tag_empty_abc = commit(o, b"", b"abc");
    let tag_short = commit(o, room, hello);
    let flipped = FrankingTag::from_bytes(arr(&flip(tag_short.as_bytes(), 31)));
    let bad = |name, o, h: &[u8], m: &[u8], tag| commitment_case(name, o, h, m, tag, "Invalid");
    vec![
        c("empty header and empty message", b"", b""),
        c("short header and message", room, hello),
        c("empty header, 1031-byte message", b"", &long_message),
        c(
            "300-byte header, 1031-byte message",
            &long_header,
            &long_message,
        ),
        c(
            "commitment input of 55 bytes (one padded inner block)",
            b"",
            &pattern(0x61, 23),
        ),
        c(
            "commitment input of 56 bytes (two padded inner blocks)",
            b"",
            &pattern(0x61, 24),
        ),
        c("split ab|c", b"ab", b"c"),
        c("split a|bc, same bytes and opening as ab|c", b"a", b"bc"),
        c("split |abc", b"", b"abc"),
        c("split abc|", b"abc", b""),
        bad("wrong opening", fixed(0xa1), room, hello, &tag_short),
        bad(
            "tag of split ab|c presented as a|bc",
            o,
            b"a",
            b"bc",
            &tag_ab_c,
        ),
        bad(
            "tag of split |abc presented as abc|",
            o,
            b"abc",
            b"",
            &tag_empty_abc,
        ),
        bad("flipped tag bit", o, room, hello, &flipped),
    ]
}

/// The `suite` field's value (SPEC.md section 10).
fn suite_name(suite: Suite) -> &'static str {
    match suite {
        Suite::XChaCha20 => "xchacha20",
        Suite::Aes256 => "aes256",
    }
}

/// A sealed message, with the opening the recipient obtains by opening it.
struct Sealed {
    suite: Suite,
    key: [u8; 32],
    header: Vec<u8>,
    ciphertext: Vec<u8>,
    envelope: Envelope,
    opening: [u8; 32],
}

fn seal(key: [u8; 32], nonce: [u8; 24], header: &[u8], message: &[u8]) -> Sealed {
    seal_with(Suite::XChaCha20, key, nonce, header, message)
}

fn seal_with(
    suite: Suite,
    key: [u8; 32],
    nonce: [u8; 24],
    header: &[u8],
    message: &[u8],
) -> Sealed {
    let k = MessageKey::with_suite(suite, key);
    let mut ciphertext = message.to_vec();
    let envelope = k
        .seal_in_place_with_nonce(&Nonce::from_bytes(nonce), header, &mut ciphertext)
        .expect("seal");
    let mut buf = ciphertext.clone();
    let opened = k.open_in_place(&envelope, header, &mut buf).expect("open");
    assert_eq!(opened.message(), message);
    let opening = *opened.opening().as_bytes();
    Sealed {
        suite,
        key,
        header: header.to_vec(),
        ciphertext,
        envelope,
        opening,
    }
}

fn seal_cases(suite: Suite) -> Vec<Case> {
    let sizes: [(usize, &[u8]); 7] = [
        (0, b""),
        (1, b"h"),
        (63, b"sixteen byte hdr"),
        (64, b""),
        (65, &pattern(0x30, 300)),
        (1000, b"chat:42"),
        (8193, b""),
    ];
    sizes
        .iter()
        .enumerate()
        .map(|(i, &(len, header))| {
            let (key, nonce) = (fixed(0x80 + i as u8), fixed(0x40 + i as u8));
            let message = pattern(i as u8 * 17, len);
            let s = seal_with(suite, key, nonce, header, &message);
            let name = format!(
                "{}: {len}-byte message, {}-byte header",
                suite_name(suite),
                header.len()
            );
            Case::new("seal", &name, "ok")
                .text("suite", suite_name(suite).into())
                .hex("key", &key)
                .hex("nonce", &nonce)
                .hex("header", header)
                .hex("message", &message)
                .hex("ciphertext", &s.ciphertext)
                .hex("franking_tag", s.envelope.franking_tag().as_bytes())
                .hex("integrity_tag", s.envelope.integrity_tag().as_bytes())
                .hex("opening", &s.opening)
        })
        .collect()
}

fn open_case(
    name: &str,
    suite: Suite,
    key: &[u8; 32],
    envelope: Envelope,
    header: &[u8],
    c: &[u8],
    expect: &str,
) -> Case {
    let mut buf = c.to_vec();
    let outputs = MessageKey::with_suite(suite, *key)
        .open_in_place(&envelope, header, &mut buf)
        .map(|o| (o.message().to_vec(), *o.opening().as_bytes()));
    assert_eq!(verdict(outputs.clone()), expect, "open: {name}");
    let case = Case::new("open", name, expect)
        .text("suite", suite_name(suite).into())
        .hex("key", key)
        .hex("nonce", envelope.nonce().as_bytes())
        .hex("header", header)
        .hex("ciphertext", c)
        .hex("franking_tag", envelope.franking_tag().as_bytes())
        .hex("integrity_tag", envelope.integrity_tag().as_bytes());
    match outputs {
        Ok((message, opening)) => case.hex("message", &message).hex("opening", &opening),
        Err(_) => case,
    }
}

/// An envelope from raw parts (nonce 24 bytes, tags 32 bytes).
fn envelope(nonce: &[u8], ft: &[u8], it: &[u8]) -> Envelope {
    Envelope::new(
        Nonce::from_bytes(arr(nonce)),
        FrankingTag::from_bytes(arr(ft)),
        IntegrityTag::from_bytes(arr(it)),
    )
}

fn open_cases() -> Vec<Case> {
    let valid = |name, s: &Sealed| {
        open_case(
            name,
            s.suite,
            &s.key,
            s.envelope,
            &s.header,
            &s.ciphertext,
            "ok",
        )
    };
    let s = seal(
        fixed(0x10),
        fixed(0x70),
        b"chat:42",
        b"the quick brown fox jumps over the dog",
    );
    let other = seal(
        fixed(0x10),
        fixed(0x71),
        b"chat:42",
        b"a different message of the same length",
    );
    let mut cases = vec![
        valid(
            "5-byte message with header",
            &seal(fixed(0x01), fixed(0x02), b"hdr", b"hello"),
        ),
        valid(
            "empty message, empty header",
            &seal(fixed(0x03), fixed(0x04), b"", b""),
        ),
        valid(
            "130-byte message",
            &seal(fixed(0x05), fixed(0x06), b"h", &pattern(0x11, 130)),
        ),
        valid("38-byte message with header", &s),
    ];
    let n = s.envelope.nonce().as_bytes();
    let ft = s.envelope.franking_tag().as_bytes();
    let it = s.envelope.integrity_tag().as_bytes();
    let (k, h, c) = (&s.key, &s.header[..], &s.ciphertext[..]);
    let last = c.len() - 1;
    let extended = [c, &[0]].concat();
    let e = s.envelope;
    let invalid = |name, k: &[u8; 32], e, h: &[u8], c: &[u8]| {
        open_case(name, Suite::XChaCha20, k, e, h, c, "Invalid")
    };
    cases.extend([
        invalid("flipped first ciphertext byte", k, e, h, &flip(c, 0)),
        invalid("flipped last ciphertext byte", k, e, h, &flip(c, last)),
        invalid(
            "flipped franking tag bit",
            k,
            envelope(n, &flip(ft, 0), it),
            h,
            c,
        ),
        invalid(
            "flipped integrity tag bit",
            k,
            envelope(n, ft, &flip(it, 31)),
            h,
            c,
        ),
        invalid(
            "wrong nonce (first byte, in the HChaCha20 part)",
            k,
            envelope(&flip(n, 0), ft, it),
            h,
            c,
        ),
        invalid(
            "wrong nonce (last byte, in the ChaCha20 part)",
            k,
            envelope(&flip(n, 23), ft, it),
            h,
            c,
        ),
        invalid("wrong header", k, e, b"chat:43", c),
        invalid("wrong key", &fixed(0x11), e, h, c),
        invalid(
            "envelope swapped from another message under the same key",
            k,
            other.envelope,
            h,
            c,
        ),
        invalid("ciphertext truncated by one byte", k, e, h, &c[..last]),
        invalid("ciphertext extended by one byte", k, e, h, &extended),
        invalid("empty ciphertext", k, e, h, b""),
    ]);
    cases
}

/// Open cases of the AES-256 suite, and across suites.
fn aes_open_cases() -> Vec<Case> {
    let aes = Suite::Aes256;
    let s = seal_with(
        aes,
        fixed(0x20),
        fixed(0x90),
        b"chat:42",
        b"the quick brown fox jumps over the dog",
    );
    let long = seal_with(aes, fixed(0x21), fixed(0x91), b"", &pattern(0x05, 300));
    let xchacha = seal(
        fixed(0x20),
        fixed(0x90),
        b"chat:42",
        b"sealed by the other suite",
    );
    let n = s.envelope.nonce().as_bytes();
    let ft = s.envelope.franking_tag().as_bytes();
    let it = s.envelope.integrity_tag().as_bytes();
    let (k, h, c, e) = (&s.key, &s.header[..], &s.ciphertext[..], s.envelope);
    let last = c.len() - 1;
    let ok = |name, s: &Sealed| {
        open_case(
            name,
            aes,
            &s.key,
            s.envelope,
            &s.header,
            &s.ciphertext,
            "ok",
        )
    };
    let invalid = |name, suite, k: &[u8; 32], e, h: &[u8], c: &[u8]| {
        open_case(name, suite, k, e, h, c, "Invalid")
    };
    vec![
        ok("aes256: 38-byte message with header", &s),
        ok("aes256: 300-byte message", &long),
        invalid(
            "aes256: flipped first ciphertext byte",
            aes,
            k,
            e,
            h,
            &flip(c, 0),
        ),
        invalid(
            "aes256: flipped last ciphertext byte",
            aes,
            k,
            e,
            h,
            &flip(c, last),
        ),
        invalid(
            "aes256: flipped franking tag bit",
            aes,
            k,
            envelope(n, &flip(ft, 0), it),
            h,
            c,
        ),
        invalid(
            "aes256: flipped integrity tag bit",
            aes,
            k,
            envelope(n, ft, &flip(it, 31)),
            h,
            c,
        ),
        invalid(
            "aes256: wrong nonce (first byte, in the key derivation part)",
            aes,
            k,
            envelope(&flip(n, 0), ft, it),
            h,
            c,
        ),
        invalid(
            "aes256: wrong nonce (last byte, in the counter block part)",
            aes,
            k,
            envelope(&flip(n, 23), ft, it),
            h,
            c,
        ),
        invalid("aes256: wrong header", aes, k, e, b"chat:43", c),
        invalid("aes256: wrong key", aes, &fixed(0x11), e, h, c),
        invalid(
            "sealed with aes256, opened with xchacha20 under the same key bytes",
            Suite::XChaCha20,
            k,
            e,
            h,
            c,
        ),
        invalid(
            "sealed with xchacha20, opened with aes256 under the same key bytes",
            aes,
            &xchacha.key,
            xchacha.envelope,
            &xchacha.header,
            &xchacha.ciphertext,
        ),
    ]
}

#[derive(Clone, Copy)]
struct StampInput<'a> {
    key: [u8; 32],
    key_id: u32,
    tag: [u8; 32],
    sender: &'a [u8],
    recipient: &'a [u8],
    timestamp: u64,
    message_id: &'a [u8],
    conversation: &'a [u8],
    seq: u64,
}

impl StampInput<'_> {
    fn mac(&self) -> [u8; 32] {
        let ctx = Context::new(self.sender, self.recipient, self.timestamp, self.message_id)
            .and_then(|c| c.in_conversation(self.conversation, self.seq))
            .expect("ids fit");
        let always = KeyInterval::starting_at(0);
        let key = PlatformKey::from_bytes(KeyId::new(self.key_id), always, &mut self.key.clone())
            .expect("strong key");
        key.stamp(&FrankingTag::from_bytes(self.tag), &ctx)
            .expect("in the key's interval")
            .mac()
            .to_bytes()
    }

    fn case(&self, name: &str, mac: [u8; 32], expect: &str) -> Case {
        let got = if self.mac() == mac { "ok" } else { "Invalid" };
        assert_eq!(got, expect, "stamp: {name}");
        Case::new("stamp", name, expect)
            .hex("platform_key", &self.key)
            .dec("key_id", self.key_id.into())
            .hex("franking_tag", &self.tag)
            .hex("sender", self.sender)
            .hex("recipient", self.recipient)
            .dec("timestamp", self.timestamp)
            .hex("message_id", self.message_id)
            .hex("conversation", self.conversation)
            .dec("seq", self.seq)
            .hex("mac", &mac)
    }
}

fn stamp_cases() -> Vec<Case> {
    let base = StampInput {
        key: fixed(0x50),
        key_id: 0x0102_0304,
        tag: fixed(0x10),
        sender: b"user-0000000001a",
        recipient: b"user-0000000002b",
        timestamp: 1_760_000_000,
        message_id: &pattern(0x30, 16),
        conversation: b"room-00000000042",
        seq: 1_000_001,
    };
    let empty = StampInput {
        key_id: 0,
        sender: b"",
        recipient: b"",
        timestamp: 0,
        message_id: b"",
        conversation: b"",
        seq: 0,
        ..base
    };
    let (long_sender, long_recipient, long_id, long_conversation) = (
        pattern(0x01, 300),
        pattern(0x02, 256),
        pattern(0x03, 513),
        pattern(0x04, 100),
    );
    let long = StampInput {
        key_id: u32::MAX,
        sender: &long_sender,
        recipient: &long_recipient,
        timestamp: u64::MAX,
        message_id: &long_id,
        conversation: &long_conversation,
        seq: u64::MAX,
        ..base
    };
    // 74 fixed bytes + 16 + 16 + 22 = 128: the common part ends on a block
    // boundary, so no zero run; and a 54-byte recipient, the shortest that
    // needs a second compression after it.
    let aligned_conversation = pattern(0x06, 22);
    assert_eq!(74 + base.sender.len() + base.message_id.len() + 22, 128);
    let aligned = StampInput {
        conversation: &aligned_conversation,
        ..base
    };
    let wide_recipient = pattern(0x05, 54);
    let wide = StampInput {
        recipient: &wide_recipient,
        ..base
    };
    let zero_conversation = [base.conversation, &[0u8; 6]].concat();
    let mac = base.mac();
    let changed_id = flip(base.message_id, 15);
    let swapped = StampInput {
        sender: base.recipient,
        recipient: base.sender,
        ..base
    };
    let moved = StampInput {
        sender: b"user-0000000001",
        recipient: b"auser-0000000002b",
        ..base
    };
    let shifted_conversation = [&base.message_id[15..], base.conversation].concat();
    let moved_to_conversation = StampInput {
        message_id: &base.message_id[..15],
        conversation: &shifted_conversation,
        ..base
    };
    let invalid = [
        ("sender and recipient swapped", swapped),
        ("byte moved from sender to recipient", moved),
        (
            "byte moved from message id to conversation",
            moved_to_conversation,
        ),
        (
            "zero bytes appended to the conversation (the zero run's length)",
            StampInput {
                conversation: &zero_conversation,
                ..base
            },
        ),
        (
            "sequence number changed",
            StampInput {
                seq: base.seq + 1,
                ..base
            },
        ),
        (
            "conversation changed",
            StampInput {
                conversation: b"room-00000000043",
                ..base
            },
        ),
        (
            "timestamp changed",
            StampInput {
                timestamp: base.timestamp + 1,
                ..base
            },
        ),
        (
            "message id changed",
            StampInput {
                message_id: &changed_id,
                ..base
            },
        ),
        (
            "key id changed, same key bytes",
            StampInput {
                key_id: base.key_id + 1,
                ..base
            },
        ),
        (
            "franking tag changed",
            StampInput {
                tag: fixed(0x11),
                ..base
            },
        ),
        (
            "wrong platform key",
            StampInput {
                key: fixed(0x51),
                ..base
            },
        ),
    ];
    let mut cases = vec![
        base.case("16-byte ids", mac, "ok"),
        empty.case("empty ids, key id 0, timestamp 0", empty.mac(), "ok"),
        long.case(
            "300/256/513/100-byte ids, key id 2^32-1, timestamp and seq 2^64-1",
            long.mac(),
            "ok",
        ),
        aligned.case("common part of 128 bytes: no zero run", aligned.mac(), "ok"),
        wide.case(
            "54-byte recipient: two compressions after the common part",
            wide.mac(),
            "ok",
        ),
    ];
    // Each changed input, presented with the MAC of the unchanged base.
    cases.extend(
        invalid
            .iter()
            .map(|(name, input)| input.case(name, mac, "Invalid")),
    );
    cases
}

fn encoding_cases(kind: &'static str, valid: &[(&str, Vec<u8>)]) -> Vec<Case> {
    let decode = |bytes: &[u8]| -> Result<Vec<u8>, Error> {
        match kind {
            "envelope" => Envelope::decode(bytes).map(|e| e.to_bytes().to_vec()),
            _ => Stamp::decode(bytes).map(|s| s.to_bytes().to_vec()),
        }
    };
    let good = &valid[0].1;
    let mut extended = good.clone();
    extended.push(0);
    let mut all: Vec<(&str, Vec<u8>, &str)> =
        valid.iter().map(|(n, b)| (*n, b.clone(), "ok")).collect();
    all.push((
        "truncated by one byte",
        good[..good.len() - 1].to_vec(),
        "Malformed",
    ));
    all.push(("extended by one byte", extended, "Malformed"));
    all.push(("empty", Vec::new(), "Malformed"));
    all.into_iter()
        .map(|(name, bytes, expect)| {
            let result = decode(&bytes);
            if let Ok(again) = &result {
                assert_eq!(again, &bytes, "{kind}: {name} re-encodes");
            }
            assert_eq!(verdict(result), expect, "{kind}: {name}");
            Case::new(kind, name, expect).hex("encoding", &bytes)
        })
        .collect()
}

fn report_bytes(
    opening: [u8; 32],
    header: &[u8],
    message: &[u8],
    ctx: &Context,
    stamp: &Stamp,
) -> Vec<u8> {
    let tag = commit(opening, header, message);
    let opened =
        verify_commitment(header, message, Opening::from_bytes(opening), &tag).expect("opens");
    let report = opened.report(ctx, stamp);
    let mut out = vec![0u8; report.encoded_len()];
    report.encode_into(&mut out).expect("buffer fits");
    out
}

/// A platform key as a report case lists it: id, secret, interval.
#[derive(Clone, Copy)]
struct Key {
    id: u32,
    bytes: [u8; 32],
    not_before: u64,
    not_after: u64,
}

impl Key {
    fn interval(&self) -> KeyInterval {
        KeyInterval::new(self.not_before, self.not_after).expect("ordered interval")
    }

    /// The key as a keyring holds it.
    fn platform_key(&self) -> PlatformKey {
        PlatformKey::from_bytes(
            KeyId::new(self.id),
            self.interval(),
            &mut self.bytes.clone(),
        )
        .expect("strong key")
    }

    /// The same secret with an interval covering every second: what a holder
    /// of the leaked bytes can stamp with.
    fn leaked(&self) -> PlatformKey {
        let always = KeyInterval::starting_at(0);
        PlatformKey::from_bytes(KeyId::new(self.id), always, &mut self.bytes.clone())
            .expect("strong key")
    }

    /// `id=key/not_before/not_after` (SPEC.md section 10).
    fn entry(&self) -> String {
        let (id, key) = (self.id, hex(&self.bytes));
        format!("{id}={key}/{}/{}", self.not_before, self.not_after)
    }
}

/// A keyring as a report case lists it: the first key current.
fn keyring(keys: &[Key], max_age: u64, max_skew: u64) -> Keyring {
    let mut ring = Keyring::new(keys[0].platform_key(), max_age).with_max_skew(max_skew);
    for key in &keys[1..] {
        ring.insert(key.platform_key()).expect("room for key");
    }
    ring
}

struct ReportCase<'a> {
    keys: &'a [Key],
    max_age: u64,
    max_skew: u64,
    now: u64,
}

impl ReportCase<'_> {
    fn case(&self, name: &str, report: &[u8], expect: &str) -> Case {
        let ring = keyring(self.keys, self.max_age, self.max_skew);
        let result = Report::decode(report).and_then(|r| {
            let v = verify(&ring, self.now, &r)?;
            let fields = [
                v.sender(),
                v.recipient(),
                v.message_id(),
                v.conversation(),
                v.header(),
                v.message(),
            ];
            Ok((fields.map(<[u8]>::to_vec), v.timestamp(), v.seq()))
        });
        let outputs = result.as_ref().ok().cloned();
        assert_eq!(verdict(result), expect, "report: {name}");
        let keys: Vec<String> = self.keys.iter().map(Key::entry).collect();
        let case = Case::new("report", name, expect)
            .text("keys", keys.join(","))
            .dec("max_age", self.max_age)
            .dec("max_skew", self.max_skew)
            .dec("now", self.now)
            .hex("report", report);
        match outputs {
            Some((
                [sender, recipient, message_id, conversation, header, message],
                timestamp,
                seq,
            )) => case
                .hex("sender", &sender)
                .hex("recipient", &recipient)
                .dec("timestamp", timestamp)
                .hex("message_id", &message_id)
                .hex("conversation", &conversation)
                .dec("seq", seq)
                .hex("header", &header)
                .hex("message", &message),
            None => case,
        }
    }
}

/// Offsets and widths of the six length prefixes in a report encoding.
fn prefixes(report: &[u8]) -> [(&'static str, usize, usize); 6] {
    let read = |at: usize, width: usize| {
        report[at..at + width]
            .iter()
            .fold(0, |n, b| (n << 8) | usize::from(*b))
    };
    let mut at = 117;
    [
        "sender",
        "recipient",
        "message id",
        "conversation",
        "header",
        "message",
    ]
    .map(|name| {
        let width = if matches!(name, "header" | "message") {
            4
        } else {
            2
        };
        let here = at;
        at += width + read(here, width);
        (name, here, width)
    })
}

/// A copy of `report` with the length prefix at `at` (`width` bytes) changed by `delta`.
fn adjust_prefix(report: &[u8], at: usize, width: usize, delta: i64) -> Vec<u8> {
    let mut out = report.to_vec();
    let field = &mut out[at..at + width];
    let value = field.iter().fold(0i64, |n, b| (n << 8) | i64::from(*b)) + delta;
    field.copy_from_slice(&value.to_be_bytes()[8 - width..]);
    out
}

fn report_cases() -> Result<Vec<Case>, Error> {
    let (max_age, max_skew, ts) = (30 * 86_400, 300, 1_760_000_000);
    // Key 7 stamped from t0 until the rotation at ts; key 0x0a0b0c0d from ts on.
    let t0 = ts - 60 * 86_400;
    let k_old = Key {
        id: 7,
        bytes: fixed(0x60),
        not_before: t0,
        not_after: ts,
    };
    let k_cur = Key {
        id: 0x0a0b_0c0d,
        bytes: fixed(0x61),
        not_before: ts,
        not_after: u64::MAX,
    };
    let key = |k: Key| k.platform_key();
    let both: &[Key] = &[k_cur, k_old];
    let at = |now| ReportCase {
        keys: both,
        max_age,
        max_skew,
        now,
    };
    let std = at(ts + 3600);
    let mut cases = Vec::new();
    let mut add = |rc: &ReportCase, name: &str, report: &[u8], expect: &str| {
        cases.push(rc.case(name, report, expect));
    };

    // The base report: a sealed message, opened by the recipient, stamped by key `k_cur`.
    let (header, message) = (&b"conversation 42"[..], &b"meet me behind the school"[..]);
    let sealed = seal(fixed(0x20), fixed(0x21), header, message);
    let opening = sealed.opening;
    let (alice, bob, id) = (&b"alice"[..], &b"bob"[..], &b"msg-0001"[..]);
    let (chat, seq) = (&b"chat:alice+bob"[..], 17);
    let ctx = Context::new(alice, bob, ts, id)?.in_conversation(chat, seq)?;
    let stamp = key(k_cur).stamp(sealed.envelope.franking_tag(), &ctx)?;
    let base = report_bytes(opening, header, message, &ctx, &stamp);
    // Reports of the base message claiming another context, with the base stamp.
    let claim = |claimed: Context| report_bytes(opening, header, message, &claimed, &stamp);
    let relabel = |sender, recipient, timestamp, message_id| {
        let claimed = Context::new(sender, recipient, timestamp, message_id)?;
        Ok::<_, Error>(claim(claimed.in_conversation(chat, seq)?))
    };
    // Reports of (h, m) under opening `o` with an honest stamp of key `k` over `ctx`.
    let o: [u8; 32] = fixed(0xc0);
    let by = |o, h: &[u8], m: &[u8], k: &PlatformKey, ctx: &Context| {
        let stamp = k
            .stamp(&commit(o, h, m), ctx)
            .expect("in the key's interval");
        report_bytes(o, h, m, ctx, &stamp)
    };
    let honest = |o, h: &[u8], m: &[u8], k: Key, ctx: &Context| by(o, h, m, &key(k), ctx);

    let (ls, lr, li) = (pattern(0x01, 300), pattern(0x02, 256), pattern(0x03, 20));
    let long_ctx = Context::new(&ls, &lr, ts, &li)?;
    let under_old = honest(opening, header, message, k_old, &ctx);
    let valid = [
        ("sealed message", base.clone()),
        (
            "empty ids, header and message",
            honest(o, b"", b"", k_cur, &Context::new(b"", b"", ts, b"")?),
        ),
        (
            "300/256/20-byte ids, 1000-byte message",
            honest(o, b"h", &pattern(4, 1000), k_cur, &long_ctx),
        ),
        ("stamped under an older key still held", under_old.clone()),
    ];
    for (name, report) in &valid {
        add(&std, name, report, "ok");
    }

    // Time window: accepted exactly at the boundaries, rejected one second past them.
    let (oldest, too_old) = (at(ts + max_age), at(ts + max_age + 1));
    let (earliest, too_early) = (at(ts - max_skew), at(ts - max_skew - 1));
    add(&at(ts), "verified at the stamp time", &base, "ok");
    add(&oldest, "exactly max_age old", &base, "ok");
    add(&too_old, "one second older than max_age", &base, "Expired");
    add(&earliest, "exactly max_skew in the future", &base, "ok");
    add(
        &too_early,
        "one second beyond max_skew",
        &base,
        "FromFuture",
    );
    let no_skew = ReportCase {
        max_skew: 0,
        ..at(ts - 1)
    };
    add(
        &no_skew,
        "max_skew 0, one second ahead",
        &base,
        "FromFuture",
    );
    let end = honest(
        opening,
        header,
        message,
        k_cur,
        &Context::new(alice, bob, u64::MAX, id)?.in_conversation(chat, u64::MAX)?,
    );
    add(
        &at(u64::MAX - 5),
        "timestamp 2^64-1 (now + max_skew saturates)",
        &end,
        "ok",
    );
    let k_always = Key {
        not_before: 0,
        ..k_cur
    };
    let zero = honest(
        opening,
        header,
        message,
        k_always,
        &Context::new(alice, bob, 0, id)?,
    );
    let forever = ReportCase {
        keys: &[k_always],
        max_age: u64::MAX,
        ..at(u64::MAX)
    };
    add(&forever, "timestamp 0, now and max_age 2^64-1", &zero, "ok");

    // Tampering: every field is covered by the commitment or the stamp.
    let m_at = base.len() - message.len();
    let h_at = m_at - 4 - header.len();
    let p = prefixes(&base);
    let u32_be = |n: usize| u32::try_from(n).expect("short").to_be_bytes();
    let hm = [header, message].concat();
    let (h1, m1) = hm.split_at(header.len() + 1);
    let moved = [
        &base[..p[4].1],
        &u32_be(h1.len()),
        h1,
        &u32_be(m1.len()),
        m1,
    ]
    .concat();
    let with = |at: usize, bytes: &[u8]| {
        let mut out = base.clone();
        out[at..at + bytes.len()].copy_from_slice(bytes);
        out
    };
    let foreign = honest(o, header, message, k_cur, &ctx);
    let tampered = [
        ("message byte changed", flip(&base, m_at)),
        ("header byte changed", flip(&base, h_at)),
        ("opening changed", flip(&base, 69)),
        ("franking tag changed", flip(&base, 37)),
        ("stamp mac changed", flip(&base, 5)),
        ("first message byte moved into the header", moved),
        (
            "key id changed to another held key",
            with(1, &k_old.id.to_be_bytes()),
        ),
        ("sender changed", relabel(b"mallory", bob, ts, id)?),
        ("recipient changed", relabel(alice, b"carol", ts, id)?),
        ("sender and recipient swapped", relabel(bob, alice, ts, id)?),
        (
            "timestamp changed by one second",
            relabel(alice, bob, ts + 1, id)?,
        ),
        ("message id changed", relabel(alice, bob, ts, b"msg-0002")?),
        (
            "sequence number changed by one",
            claim(ctx.in_conversation(chat, seq + 1)?),
        ),
        (
            "conversation changed",
            claim(ctx.in_conversation(b"chat:alice+eve", seq)?),
        ),
        (
            "outside any conversation",
            claim(Context::new(alice, bob, ts, id)?),
        ),
        (
            "stamp mac of another message, same context",
            with(5, &foreign[5..37]),
        ),
    ];
    for (name, report) in &tampered {
        add(&std, name, report, "Invalid");
    }

    // Key ids: unknown or retired keys are refused before any cryptography.
    let unknown = with(1, &99u32.to_be_bytes());
    add(&std, "unknown key id", &unknown, "UnknownKey");
    let retired = ReportCase {
        keys: &[k_cur],
        ..std
    };
    add(
        &retired,
        "stamped under a retired key",
        &under_old,
        "UnknownKey",
    );
    add(
        &too_old,
        "unknown key id, expired: age first",
        &unknown,
        "Expired",
    );
    add(
        &too_old,
        "tampered, expired: time first",
        &tampered[0].1,
        "Expired",
    );

    // Key intervals (section 6, step 4): each edge, the last second accepted
    // and the first refused, with the default skew and with none.
    let stamped = |k: &Key, t| {
        let ctx = Context::new(alice, bob, t, id).expect("short ids");
        by(opening, header, message, &k.leaked(), &ctx)
    };
    for skew in [max_skew, 0] {
        let within = |now| ReportCase {
            max_skew: skew,
            ..at(now)
        };
        let edges = [
            ("old key's end", k_old, ts + skew, 1i64, ts + 3600),
            ("current key's start", k_cur, ts - skew, -1, ts + 3600),
            ("old key's start", k_old, t0 - skew, -1, t0 + 3600),
        ];
        for (edge, k, last, outward, now) in edges {
            let step = |n: i64| last.checked_add_signed(n * outward).expect("far from 0");
            let rc = within(now);
            for (n, expect) in [(-1, "ok"), (0, "ok"), (1, "OutsideKeyInterval")] {
                let name = format!(
                    "max_skew {skew}: {edge}, {} the last accepted second",
                    ["one second inside", "exactly", "one second beyond"][(n + 1) as usize]
                );
                add(&rc, &name, &stamped(&k, step(n)), expect);
            }
        }
    }
    let later = at(ts + 10 * 86_400);
    let minted = stamped(&k_old, ts + 10 * 86_400);
    add(
        &later,
        "old key leaked, stamp minted ten days after its rotation",
        &minted,
        "OutsideKeyInterval",
    );
    add(
        &later,
        "outside the key's interval and tampered: interval first",
        &flip(&minted, minted.len() - 1),
        "OutsideKeyInterval",
    );
    let minted_old = stamped(&k_old, ts + 3600);
    add(
        &at(ts + 3600 + max_age + 1),
        "outside the key's interval and expired: age first",
        &minted_old,
        "Expired",
    );

    // Malformed encodings and unknown versions.
    let mut malformed: Vec<(String, Vec<u8>)> = vec![
        (
            "truncated by one byte".into(),
            base[..base.len() - 1].to_vec(),
        ),
        ("extended by one byte".into(), [&base[..], &[0]].concat()),
        (
            "fixed part only, cut before the message prefix".into(),
            valid[1].1[..129].to_vec(),
        ),
        ("version byte only".into(), vec![1]),
        ("empty".into(), vec![]),
    ];
    for (field, offset, width) in p {
        for delta in [1, -1] {
            let name = format!("{field} length prefix {delta:+}");
            malformed.push((name, adjust_prefix(&base, offset, width, delta)));
        }
        // The largest value the prefix can hold, far past the end of the input.
        let mut max = base.clone();
        max[offset..offset + width].fill(0xff);
        malformed.push((format!("{field} length prefix at its maximum"), max));
    }
    for (name, report) in &malformed {
        add(&std, name, report, "Malformed");
    }
    for version in [0x00, 0x02, 0xff] {
        let name = format!("version byte {version:#04x}");
        add(&std, &name, &with(0, &[version]), "UnsupportedVersion");
    }
    add(&std, "version byte 0x02 alone", &[2], "UnsupportedVersion");
    Ok(cases)
}

/// One `receipt` case: decode `bytes` (SPEC.md 5.7); if it succeeds, check
/// that it re-encodes to itself and list the decoded fields.
fn receipt_case(name: &str, bytes: &[u8], expect: &str) -> Case {
    let result = Receipt::decode(bytes);
    assert_eq!(verdict(result), expect, "receipt: {name}");
    let case = Case::new("receipt", name, expect).hex("encoding", bytes);
    match result {
        Ok(r) => {
            let mut again = vec![0u8; r.encoded_len()];
            r.encode_into(&mut again).expect("exact buffer");
            assert_eq!(again, bytes, "receipt: {name} re-encodes");
            let c = r.context();
            case.dec("key_id", r.stamp().key_id().get().into())
                .hex("mac", r.stamp().mac().as_bytes())
                .hex("franking_tag", r.franking_tag().as_bytes())
                .dec("timestamp", c.timestamp())
                .dec("seq", c.seq())
                .hex("sender", c.sender())
                .hex("recipient", c.recipient())
                .hex("message_id", c.message_id())
                .hex("conversation", c.conversation())
        }
        Err(_) => case,
    }
}

/// Offsets of the four u16 length prefixes of a receipt encoding.
fn receipt_prefixes(receipt: &[u8]) -> [(&'static str, usize); 4] {
    let mut at = 86;
    ["sender", "recipient", "message id", "conversation"].map(|name| {
        let here = at;
        at += 2 + usize::from(u16::from_be_bytes([receipt[here], receipt[here + 1]]));
        (name, here)
    })
}

fn receipt_cases() -> Result<Vec<Case>, Error> {
    let encode = |tag: &FrankingTag, ctx: &Context| {
        let always = KeyInterval::starting_at(0);
        let key = PlatformKey::from_bytes(KeyId::new(0x0a0b_0c0d), always, &mut fixed(0x61))
            .expect("strong key");
        let receipt = Keyring::new(key, 86_400)
            .stamp_receipt(tag, ctx)
            .expect("in the key's interval");
        let mut out = vec![0u8; receipt.encoded_len()];
        receipt.encode_into(&mut out).expect("exact buffer");
        out
    };
    let tag = FrankingTag::from_bytes(fixed(0x10));
    let base = encode(
        &tag,
        &Context::new(b"alice", b"room:42", 1_760_000_000, b"msg-0001")?
            .in_conversation(b"room:42", 1_001)?,
    );
    let empty = encode(&tag, &Context::new(b"", b"", 0, b"")?);
    let (ls, lr, li) = (pattern(0x01, 300), pattern(0x02, 256), pattern(0x03, 20));
    let long = encode(
        &FrankingTag::from_bytes(fixed(0xf0)),
        &Context::new(&ls, &lr, u64::MAX, &li)?.in_conversation(&lr, u64::MAX)?,
    );
    let mut cases = vec![
        receipt_case("short ids, a room as recipient", &base, "ok"),
        receipt_case("empty ids, timestamp 0", &empty, "ok"),
        receipt_case("300/256/20-byte ids, timestamp and seq 2^64-1", &long, "ok"),
    ];
    let with = |at: usize, bytes: &[u8]| {
        let mut out = base.clone();
        out[at..at + bytes.len()].copy_from_slice(bytes);
        out
    };
    let mut malformed: Vec<(String, Vec<u8>)> = vec![
        (
            "truncated by one byte".into(),
            base[..base.len() - 1].to_vec(),
        ),
        ("extended by one byte".into(), [&base[..], &[0]].concat()),
        (
            "fixed part only, cut before the conversation prefix".into(),
            empty[..92].to_vec(),
        ),
        ("kind and version bytes only".into(), vec![0x52, 0x01]),
        ("kind byte only".into(), vec![0x52]),
        ("empty".into(), vec![]),
        (
            "kind byte 0x01 (a report's first byte)".into(),
            with(0, &[0x01]),
        ),
        ("kind byte 0x53".into(), with(0, &[0x53])),
    ];
    for (field, offset) in receipt_prefixes(&base) {
        for delta in [1, -1] {
            let name = format!("{field} length prefix {delta:+}");
            malformed.push((name, adjust_prefix(&base, offset, 2, delta)));
        }
        let mut max = base.clone();
        max[offset..offset + 2].fill(0xff);
        malformed.push((format!("{field} length prefix at its maximum"), max));
    }
    for (name, bytes) in &malformed {
        cases.push(receipt_case(name, bytes, "Malformed"));
    }
    for version in [0x00, 0x02, 0xff] {
        let name = format!("version byte {version:#04x}");
        cases.push(receipt_case(
            &name,
            &with(1, &[version]),
            "UnsupportedVersion",
        ));
    }
    cases.push(receipt_case(
        "version byte 0x02 after the kind byte, nothing else",
        &[0x52, 0x02],
        "UnsupportedVersion",
    ));
    Ok(cases)
}

/// One `report-id` case (SPEC.md 6.2).
fn report_id_case(name: &str, key_id: u32, mac: [u8; 32], reporter: &[u8]) -> Case {
    let stamp = Stamp::new(KeyId::new(key_id), StampMac::from_bytes(mac));
    let id = ReportId::for_message(&stamp, reporter).expect("reporter fits");
    Case::new("report-id", name, "ok")
        .dec("key_id", key_id.into())
        .hex("mac", &mac)
        .hex("reporter", reporter)
        .hex("report_id", id.as_bytes())
}

fn report_id_cases() -> Vec<Case> {
    let mac = fixed(0xe0);
    let long = pattern(0x20, 300);
    vec![
        report_id_case("reporter bob", 0x0a0b_0c0d, mac, b"bob"),
        report_id_case("same stamp, reporter carol", 0x0a0b_0c0d, mac, b"carol"),
        report_id_case(
            "same reporter, another stamp MAC",
            0x0a0b_0c0d,
            fixed(0xe1),
            b"bob",
        ),
        report_id_case("same MAC and reporter, another key id", 7, mac, b"bob"),
        report_id_case("empty reporter, key id 0", 0, mac, b""),
        report_id_case("300-byte reporter, key id 2^32-1", u32::MAX, mac, &long),
    ]
}

/// The chunks `[first, first + count)` of attachment `attachment` in a
/// `range-report-id` case.
struct Range {
    attachment: u16,
    first: u64,
    count: u64,
}

/// One `range-report-id` case (SPEC.md 6.2).
fn range_report_id_case(
    name: &str,
    key_id: u32,
    mac: [u8; 32],
    range: Range,
    reporter: &[u8],
) -> Case {
    let stamp = Stamp::new(KeyId::new(key_id), StampMac::from_bytes(mac));
    let id = ReportId::for_range(&stamp, range.attachment, range.first, range.count, reporter)
        .expect("reporter fits");
    assert_ne!(
        id,
        ReportId::for_message(&stamp, reporter).expect("reporter fits"),
        "a range's id differs from its message's"
    );
    Case::new("range-report-id", name, "ok")
        .dec("key_id", key_id.into())
        .hex("mac", &mac)
        .dec("attachment", range.attachment.into())
        .dec("first_chunk", range.first)
        .dec("chunk_count", range.count)
        .hex("reporter", reporter)
        .hex("report_id", id.as_bytes())
}

fn range_report_id_cases() -> Vec<Case> {
    let mac = fixed(0xe0);
    let long = pattern(0x20, 300);
    let range = |attachment, first, count| Range {
        attachment,
        first,
        count,
    };
    vec![
        range_report_id_case(
            "chunks 0 to 3 of attachment 0, reporter bob",
            0x0a0b_0c0d,
            mac,
            range(0, 0, 4),
            b"bob",
        ),
        range_report_id_case(
            "same stamp, chunks 4 to 7",
            0x0a0b_0c0d,
            mac,
            range(0, 4, 4),
            b"bob",
        ),
        range_report_id_case(
            "same stamp, chunks 0 to 2",
            0x0a0b_0c0d,
            mac,
            range(0, 0, 3),
            b"bob",
        ),
        range_report_id_case(
            "same range of attachment 1",
            0x0a0b_0c0d,
            mac,
            range(1, 0, 4),
            b"bob",
        ),
        range_report_id_case(
            "same range, reporter carol",
            0x0a0b_0c0d,
            mac,
            range(0, 0, 4),
            b"carol",
        ),
        range_report_id_case(
            "same range, another stamp MAC",
            0x0a0b_0c0d,
            fixed(0xe1),
            range(0, 0, 4),
            b"bob",
        ),
        range_report_id_case(
            "whole attachment of one chunk, empty reporter, key id 0",
            0,
            mac,
            range(0, 0, 1),
            b"",
        ),
        range_report_id_case(
            "attachment 2^16-1, last of 2^32 chunks, 300-byte reporter, key id 2^32-1",
            u32::MAX,
            mac,
            range(u16::MAX, u64::from(u32::MAX), 1),
            &long,
        ),
    ]
}

/// One `conversation-report-id` case (SPEC.md 6.2): `entries` (kind and
/// stamp) in order.
fn conversation_report_id_case(
    name: &str,
    entries: &[(EntryKind, Stamp)],
    reporter: &[u8],
) -> Case {
    let id = ReportId::for_conversation(entries.iter().map(|(k, s)| (*k, s)), reporter)
        .expect("reporter fits");
    let encoded: Vec<u8> = entries
        .iter()
        .flat_map(|(k, s)| core::iter::once(k.to_byte()).chain(s.to_bytes()))
        .collect();
    Case::new("conversation-report-id", name, "ok")
        .hex("entries", &encoded)
        .hex("reporter", reporter)
        .hex("report_id", id.as_bytes())
}

fn conversation_report_id_cases() -> Vec<Case> {
    use EntryKind::{Message, StampOnly};
    let stamp =
        |key_id: u32, mac: u8| Stamp::new(KeyId::new(key_id), StampMac::from_bytes(fixed(mac)));
    let (a, b) = (stamp(0x0a0b_0c0d, 0xe0), stamp(0x0a0b_0c0d, 0xe1));
    let thirty: Vec<(EntryKind, Stamp)> = (0..30)
        .map(|i| {
            let kind = if i % 7 == 3 { StampOnly } else { Message };
            (kind, stamp(i, 0x40 + i as u8))
        })
        .collect();
    let long = pattern(0x20, 300);
    vec![
        conversation_report_id_case(
            "two entries, reporter bob",
            &[(Message, a), (Message, b)],
            b"bob",
        ),
        conversation_report_id_case(
            "the same two entries in the other order",
            &[(Message, b), (Message, a)],
            b"bob",
        ),
        conversation_report_id_case(
            "the same two entries, the second stamp-only",
            &[(Message, a), (StampOnly, b)],
            b"bob",
        ),
        conversation_report_id_case("the first entry alone", &[(Message, a)], b"bob"),
        conversation_report_id_case(
            "the first entry alone, stamp-only",
            &[(StampOnly, a)],
            b"bob",
        ),
        conversation_report_id_case(
            "two entries, reporter carol",
            &[(Message, a), (Message, b)],
            b"carol",
        ),
        conversation_report_id_case("one entry, empty reporter", &[(Message, a)], b""),
        conversation_report_id_case(
            "one entry whose stamp equals the message case's, key id 2^32-1",
            &[(Message, stamp(u32::MAX, 0xe0))],
            b"bob",
        ),
        conversation_report_id_case(
            "30 entries (every seventh from the fourth stamp-only), 300-byte reporter",
            &thirty,
            &long,
        ),
    ]
}

/// One message of a conversation, with the fields its entry (SPEC 15.5) holds.
#[derive(Clone)]
struct Entry {
    key: (u32, [u8; 32]),
    opening: [u8; 32],
    sender: Vec<u8>,
    recipient: Vec<u8>,
    message_id: Vec<u8>,
    conversation: Vec<u8>,
    timestamp: u64,
    seq: u64,
    header: Vec<u8>,
    message: Vec<u8>,
}

impl Entry {
    fn context(&self) -> Result<Context<'_>, Error> {
        Context::new(
            &self.sender,
            &self.recipient,
            self.timestamp,
            &self.message_id,
        )?
        .in_conversation(&self.conversation, self.seq)
    }

    /// The honest stamp, by this entry's key, over its own context.
    fn stamp(&self) -> Result<Stamp, Error> {
        let tag = commit(self.opening, &self.header, &self.message);
        let always = KeyInterval::starting_at(0);
        let key = PlatformKey::from_bytes(KeyId::new(self.key.0), always, &mut self.key.1.clone())?;
        key.stamp(&tag, &self.context()?)
    }

    /// The entry's bytes (kind 0x01, a message), with `stamp` (honest or
    /// not) and this entry's fields.
    fn bytes(&self, stamp: &Stamp) -> Vec<u8> {
        let tag = commit(self.opening, &self.header, &self.message);
        let mut out = vec![0x01];
        out.extend_from_slice(&stamp.to_bytes());
        out.extend_from_slice(tag.as_bytes());
        out.extend_from_slice(&self.opening);
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.seq.to_be_bytes());
        for id in [&self.sender, &self.recipient, &self.message_id] {
            out.extend_from_slice(&u16::try_from(id.len()).expect("short").to_be_bytes());
            out.extend_from_slice(id);
        }
        for field in [&self.header, &self.message] {
            out.extend_from_slice(&u32::try_from(field.len()).expect("short").to_be_bytes());
            out.extend_from_slice(field);
        }
        out
    }

    /// The entry's stamp-only bytes (kind 0x02): `stamp`, `tag`, timestamp,
    /// seq and ids; no opening, header or message.
    fn stamp_only_bytes(&self, stamp: &Stamp, tag: &FrankingTag) -> Vec<u8> {
        let mut out = vec![0x02];
        out.extend_from_slice(&stamp.to_bytes());
        out.extend_from_slice(tag.as_bytes());
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.seq.to_be_bytes());
        for id in [&self.sender, &self.recipient, &self.message_id] {
            out.extend_from_slice(&u16::try_from(id.len()).expect("short").to_be_bytes());
            out.extend_from_slice(id);
        }
        out
    }

    /// The honest stamp-only entry: this entry's stamp and tag.
    fn stamp_only(&self) -> Result<Vec<u8>, Error> {
        let tag = commit(self.opening, &self.header, &self.message);
        Ok(self.stamp_only_bytes(&self.stamp()?, &tag))
    }
}

/// The crate's encoding of a mix of entries, through the recipient's API:
/// `shown[i]` says whether entry `i` is a message or its receipt only
/// (`Entry::stamp_only`). The independent encoder agrees.
fn encode_mixed(entries: &[Entry], shown: &[bool]) -> Result<Vec<u8>, Error> {
    let stamps = entries
        .iter()
        .map(Entry::stamp)
        .collect::<Result<Vec<_>, _>>()?;
    let contexts = entries
        .iter()
        .map(Entry::context)
        .collect::<Result<Vec<_>, _>>()?;
    let tags: Vec<FrankingTag> = entries
        .iter()
        .map(|e| commit(e.opening, &e.header, &e.message))
        .collect();
    let opened = entries
        .iter()
        .zip(&tags)
        .map(|(e, tag)| {
            verify_commitment(&e.header, &e.message, Opening::from_bytes(e.opening), tag)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mixed: Vec<ConversationEntry<'_>> = (0..entries.len())
        .map(|i| {
            if shown[i] {
                ConversationEntry::Message(opened[i].report(&contexts[i], &stamps[i]))
            } else {
                ConversationEntry::stamp_only(Receipt::new(stamps[i], tags[i], contexts[i]))
            }
        })
        .collect();
    let mut out = vec![0u8; ConversationReport::encoded_len(&mixed)?];
    ConversationReport::encode_into(&mixed, &mut out)?;
    let raw: Vec<Vec<u8>> = (0..entries.len())
        .map(|i| {
            if shown[i] {
                entries[i].bytes(&stamps[i])
            } else {
                entries[i].stamp_only_bytes(&stamps[i], &tags[i])
            }
        })
        .collect();
    assert_eq!(out, conversation_bytes(&entries[0].conversation, &raw));
    Ok(out)
}

/// A conversation report (SPEC 15.5) of raw entries, unchecked.
fn conversation_bytes(conversation: &[u8], entries: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0x11];
    out.extend_from_slice(
        &u16::try_from(conversation.len())
            .expect("short")
            .to_be_bytes(),
    );
    out.extend_from_slice(conversation);
    out.extend_from_slice(&u16::try_from(entries.len()).expect("short").to_be_bytes());
    for e in entries {
        out.extend_from_slice(e);
    }
    out
}

/// The crate's encoding of honest entries, through the recipient's API.
fn encode_conversation(entries: &[Entry]) -> Result<Vec<u8>, Error> {
    let stamps = entries
        .iter()
        .map(Entry::stamp)
        .collect::<Result<Vec<_>, _>>()?;
    let contexts = entries
        .iter()
        .map(Entry::context)
        .collect::<Result<Vec<_>, _>>()?;
    let opened = entries
        .iter()
        .map(|e| {
            let tag = commit(e.opening, &e.header, &e.message);
            verify_commitment(&e.header, &e.message, Opening::from_bytes(e.opening), &tag)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let reports: Vec<Report<'_>> = opened
        .iter()
        .zip(&contexts)
        .zip(&stamps)
        .map(|((o, c), s)| o.report(c, s))
        .collect();
    let mut out = vec![0u8; ConversationReport::encoded_len(&reports)?];
    ConversationReport::encode_into(&reports, &mut out)?;
    // The independent encoder agrees.
    let raw: Vec<Vec<u8>> = entries
        .iter()
        .zip(&stamps)
        .map(|(e, s)| e.bytes(s))
        .collect();
    assert_eq!(out, conversation_bytes(&entries[0].conversation, &raw));
    Ok(out)
}

fn conversation_cases() -> Result<Vec<Case>, Error> {
    let (k_old, k_cur) = ((7, fixed::<32>(0x60)), (0x0a0b_0c0d, fixed::<32>(0x61)));
    let key_of = |(id, bytes): (u32, [u8; 32])| Key {
        id,
        bytes,
        not_before: 0,
        not_after: u64::MAX,
    };
    let keys: &[Key] = &[key_of(k_cur), key_of(k_old)];
    let (max_age, max_skew, ts) = (30 * 86_400, 300, 1_760_000_000);
    let room = b"room:book-club".to_vec();
    let senders: [&[u8]; 3] = [b"alice", b"bob", b"carol"];
    let texts: [&[u8]; 6] = [
        b"did you read chapter 3?",
        b"yes, loved it",
        b"the ending was a cop-out",
        b"you always say that",
        b"shut up or else",
        b"I'm reporting this",
    ];
    let entries: Vec<Entry> = (0..6u64)
        .map(|i| Entry {
            key: if i == 0 { k_old } else { k_cur },
            opening: fixed(0xa0 + i as u8),
            sender: senders[(i % 3) as usize].to_vec(),
            recipient: room.clone(),
            message_id: format!("msg-{}", 100 + i).into_bytes(),
            conversation: room.clone(),
            timestamp: ts + 60 * i,
            seq: 41 + i,
            header: b"book-club".to_vec(),
            message: texts[i as usize].to_vec(),
        })
        .collect();
    let now = ts + 3600;
    let mut cases = Vec::new();
    let mut add = |name: &str, now: u64, keys: &[Key], report: &[u8], expect: &str| {
        let ring = keyring(keys, max_age, max_skew);
        let result = ConversationReport::decode(report).and_then(|r| {
            let v = verify_conversation(&ring, now, &r)?;
            let seqs: Vec<String> = v.entries().map(|m| m.seq().to_string()).collect();
            let senders: Vec<String> = v.entries().map(|m| hex(m.sender())).collect();
            let stamp_only: Vec<String> = v.stamps_only().map(|s| s.seq().to_string()).collect();
            Ok((
                v.conversation().to_vec(),
                seqs.join(","),
                senders.join(","),
                v.missing(),
                stamp_only.join(","),
            ))
        });
        let outputs = result.as_ref().ok().cloned();
        assert_eq!(verdict(result), expect, "conversation-report: {name}");
        let listed: Vec<String> = keys.iter().map(Key::entry).collect();
        let case = Case::new("conversation-report", name, expect)
            .text("keys", listed.join(","))
            .dec("max_age", max_age)
            .dec("max_skew", max_skew)
            .dec("now", now)
            .hex("report", report);
        cases.push(match outputs {
            Some((conversation, seqs, senders, missing, stamp_only)) => case
                .hex("conversation", &conversation)
                .text("seqs", seqs)
                .text("senders", senders)
                .dec("missing", missing)
                .text("stamp_only", stamp_only),
            None => case,
        });
    };
    let pick = |seqs: &[u64]| -> Vec<Entry> {
        seqs.iter()
            .map(|s| entries[(s - 41) as usize].clone())
            .collect()
    };
    let raw = |list: &[Entry]| -> Result<Vec<Vec<u8>>, Error> {
        list.iter().map(|e| Ok(e.bytes(&e.stamp()?))).collect()
    };

    let all = encode_conversation(&entries)?;
    add(
        "six messages, contiguous, the first under an older key",
        now,
        keys,
        &all,
        "ok",
    );
    let one = encode_conversation(&pick(&[45]))?;
    add("one message", now, keys, &one, "ok");
    let picked = encode_conversation(&pick(&[41, 45, 46]))?;
    add(
        "cherry-picked: three messages missing",
        now,
        keys,
        &picked,
        "ok",
    );
    let gaps = encode_conversation(&pick(&[42, 44, 46]))?;
    add("two gaps of one message each", now, keys, &gaps, "ok");

    // Order and duplicates: rejected by the decoder.
    let mut swapped = raw(&pick(&[43, 44, 45]))?;
    swapped.swap(1, 2);
    add(
        "entries out of order",
        now,
        keys,
        &conversation_bytes(&room, &swapped),
        "Malformed",
    );
    let mut dup = raw(&pick(&[43, 44, 45]))?;
    dup.insert(1, dup[0].clone());
    add(
        "one message twice",
        now,
        keys,
        &conversation_bytes(&room, &dup),
        "Malformed",
    );
    add(
        "count 0",
        now,
        keys,
        &conversation_bytes(&room, &[]),
        "Malformed",
    );
    let mut count_high = picked.clone();
    let at = 1 + 2 + room.len();
    count_high[at..at + 2].copy_from_slice(&4u16.to_be_bytes());
    add(
        "count one more than the entries",
        now,
        keys,
        &count_high,
        "Malformed",
    );
    add(
        "trailing byte",
        now,
        keys,
        &[&picked[..], &[0]].concat(),
        "Malformed",
    );
    add(
        "truncated by one byte",
        now,
        keys,
        &picked[..picked.len() - 1],
        "Malformed",
    );
    add("empty", now, keys, &[], "Malformed");
    let mut single_version = picked.clone();
    single_version[0] = 0x01;
    add(
        "version byte 0x01 (a single report's)",
        now,
        keys,
        &single_version,
        "UnsupportedVersion",
    );
    let mut next_version = picked.clone();
    next_version[0] = 0x12;
    add(
        "version byte 0x12",
        now,
        keys,
        &next_version,
        "UnsupportedVersion",
    );

    // Cryptographic failures: one Invalid for the whole report.
    let mut renumbered = pick(&[43, 44, 46]);
    let honest_stamp = renumbered[2].stamp()?;
    renumbered[2].seq = 45;
    let mut closed = raw(&renumbered[..2])?;
    closed.push(renumbered[2].bytes(&honest_stamp));
    add(
        "gap closed by renumbering",
        now,
        keys,
        &conversation_bytes(&room, &closed),
        "Invalid",
    );
    let mut foreign = pick(&[43, 44, 45]);
    foreign[1].conversation = b"room:other".to_vec();
    let foreign_stamp = foreign[1].stamp()?;
    let mut moved = raw(&foreign)?;
    moved[1] = foreign[1].bytes(&foreign_stamp);
    add(
        "message moved in from another conversation",
        now,
        keys,
        &conversation_bytes(&room, &moved),
        "Invalid",
    );
    let mut edited = pick(&[44, 45]);
    let edited_stamp = edited[1].stamp()?;
    edited[1].message = b"shut up, please".to_vec();
    let mut edited_raw = raw(&edited[..1])?;
    edited_raw.push(edited[1].bytes(&edited_stamp));
    // The opening still opens the original tag only: the commitment fails.
    add(
        "last message edited",
        now,
        keys,
        &conversation_bytes(&room, &edited_raw),
        "Invalid",
    );

    // Public checks, in order, before any cryptography.
    add(
        "first message under a retired key",
        now,
        &[key_of(k_cur)],
        &all,
        "UnknownKey",
    );
    add(
        "first message one second too old",
        ts + max_age + 1,
        keys,
        &all,
        "Expired",
    );
    add(
        "last message too far in the future",
        ts - 1,
        keys,
        &all,
        "FromFuture",
    );
    stamp_only_cases(&mut add, &entries, &pick, now, keys)?;
    key_interval_and_order_cases(&mut add, &entries, &all, (k_old, k_cur), now, ts)?;
    Ok(cases)
}

/// One `key-record` case: decode `bytes` (SPEC.md 6.1, "Key records"); if
/// it succeeds, check that it re-encodes to itself and list its fields.
fn key_record_case(name: &str, bytes: &[u8], expect: &str) -> Case {
    let result = KeyRecord::decode(bytes);
    assert_eq!(
        verdict(result.as_ref().map(|_| ()).map_err(|e| *e)),
        expect,
        "key record: {name}"
    );
    let case = Case::new("key-record", name, expect).hex("encoding", bytes);
    match result {
        Ok(r) => {
            assert_eq!(
                r.to_bytes().as_bytes(),
                bytes,
                "key record: {name} re-encodes"
            );
            case.dec("key_id", r.id().get().into())
                .dec("not_before", r.interval().not_before())
                .dec("not_after", r.interval().not_after())
                .hex("secret", r.secret().as_bytes())
        }
        Err(_) => case,
    }
}

/// Key records (SPEC.md 6.1): valid ones, then one case per decoding step.
fn key_record_cases() -> Result<Vec<Case>, Error> {
    let ts = 1_760_000_000;
    let record = |id: u32, not_before, not_after, secret: [u8; 32]| {
        let interval = KeyInterval::new(not_before, not_after)?;
        let bytes = PlatformKeyBytes::from_bytes(secret);
        Ok::<_, Error>(
            KeyRecord::new(KeyId::new(id), interval, bytes)?
                .to_bytes()
                .as_bytes()
                .to_vec(),
        )
    };
    let closed = record(0x0a0b_0c0d, ts - 86_400, ts, fixed(0x61))?;
    let open = record(0xffff_ffff, ts, u64::MAX, fixed(0x60))?;
    let one_second = record(0, ts, ts, fixed(0x00))?;
    let with = |at: usize, bytes: &[u8]| {
        let mut out = closed.clone();
        out[at..at + bytes.len()].copy_from_slice(bytes);
        out
    };
    let mut longer = closed.clone();
    longer.push(0);
    let mut cases = vec![
        key_record_case("closed interval", &closed, "ok"),
        key_record_case("open interval, id 2^32-1", &open, "ok"),
        key_record_case("one-second interval, id 0", &one_second, "ok"),
        key_record_case("empty", &[], "Malformed"),
        key_record_case(
            "kind byte 0x52 (a receipt's)",
            &with(0, &[0x52]),
            "Malformed",
        ),
        key_record_case("kind byte alone", &[0x4b], "Malformed"),
        key_record_case("secret one byte short", &closed[..53], "Malformed"),
        key_record_case("interval cut", &closed[..14], "Malformed"),
        key_record_case("trailing byte", &longer, "Malformed"),
        key_record_case(
            "version byte 0x02 alone",
            &[0x4b, 0x02],
            "UnsupportedVersion",
        ),
    ];
    for version in [0x00, 0x02, 0xff] {
        let name = format!("version byte {version:#04x}");
        cases.push(key_record_case(
            &name,
            &with(1, &[version]),
            "UnsupportedVersion",
        ));
    }
    let backwards = with(6, &(ts + 1).to_be_bytes());
    cases.push(key_record_case(
        "not_before after not_after",
        &backwards,
        "InvalidInterval",
    ));
    cases.push(key_record_case(
        "secret all zero",
        &with(22, &[0; 32]),
        "WeakKey",
    ));
    cases.push(key_record_case(
        "secret all 0x61",
        &with(22, &[0x61; 32]),
        "WeakKey",
    ));
    Ok(cases)
}

/// Report cases for SPEC.md 6.1 and 5.6: a key loaded open beside a newer
/// key is closed where the newer one begins (the chain of intervals), and
/// the crate's other encodings uploaded as a report are named.
fn key_chain_report_cases() -> Result<Vec<Case>, Error> {
    let (max_age, max_skew, ts) = (30 * 86_400, 300, 1_760_000_000);
    // Key 7's record was never closed; key 8 replaced it at ts.
    let old_open = Key {
        id: 7,
        bytes: fixed(0x60),
        not_before: ts - 10 * 86_400,
        not_after: u64::MAX,
    };
    let newer = Key {
        id: 8,
        bytes: fixed(0x62),
        not_before: ts,
        not_after: u64::MAX,
    };
    let keys: &[Key] = &[newer, old_open];
    let rc = |now| ReportCase {
        keys,
        max_age,
        max_skew,
        now,
    };
    let (header, message) = (
        &b"h"[..],
        &b"a message dated 20 days after the rotation"[..],
    );
    let o: [u8; 32] = fixed(0xc4);
    let report_at = |k: &Key, t: u64| -> Result<Vec<u8>, Error> {
        let ctx = Context::new(b"mallory", b"bob", t, b"msg-9")?;
        let stamp = k.leaked().stamp(&commit(o, header, message), &ctx)?;
        Ok(report_bytes(o, header, message, &ctx, &stamp))
    };
    let late = ts + 20 * 86_400;
    let mut cases = vec![
        rc(late + 60).case(
            "key loaded open beside a newer key: closed where the newer begins",
            &report_at(&old_open, late)?,
            "OutsideKeyInterval",
        ),
        rc(ts + 60).case(
            "key loaded open beside a newer key: its stamps up to the newer start verify",
            &report_at(&old_open, ts)?,
            "ok",
        ),
    ];
    let receipt = {
        let key = old_open.platform_key();
        let ctx = Context::new(b"alice", b"bob", ts, b"msg-1")?;
        let receipt =
            Keyring::new(key, max_age).stamp_receipt(&commit(o, header, message), &ctx)?;
        let mut out = vec![0u8; receipt.encoded_len()];
        receipt.encode_into(&mut out)?;
        out
    };
    cases.push(rc(ts + 60).case("a receipt uploaded as a report", &receipt, "WrongEncoding"));
    let record = KeyRecord::of(&newer.platform_key()).to_bytes();
    cases.push(rc(ts + 60).case(
        "a key record uploaded as a report",
        record.as_bytes(),
        "WrongEncoding",
    ));
    Ok(cases)
}

/// Stamp-only entries (SPEC 15.5, 15.6): verified by the stamp alone,
/// listed by seq; any change to one is `Invalid`; unknown kinds are
/// `Malformed`.
fn stamp_only_cases(
    add: &mut impl FnMut(&str, u64, &[Key], &[u8], &str),
    entries: &[Entry],
    pick: &impl Fn(&[u64]) -> Vec<Entry>,
    now: u64,
    keys: &[Key],
) -> Result<(), Error> {
    let room = &entries[0].conversation;
    let mixed = encode_mixed(&pick(&[42, 43, 44, 45]), &[true, false, true, true])?;
    add(
        "a stamp-only entry between messages: no gap, content not shown",
        now,
        keys,
        &mixed,
        "ok",
    );
    let hidden = encode_mixed(&pick(&[45, 46]), &[false, false])?;
    add("stamp-only entries only", now, keys, &hidden, "ok");
    let with_gap = encode_mixed(&pick(&[41, 43, 46]), &[true, false, true])?;
    add(
        "a stamp-only entry next to gaps, the first under an older key",
        now,
        keys,
        &with_gap,
        "ok",
    );

    let three = pick(&[42, 43, 44]);
    let honest = |e: &Entry| e.bytes(&e.stamp().expect("stamps"));
    let stamp = three[1].stamp()?;
    let tag = commit(three[1].opening, &three[1].header, &three[1].message);
    let mauled_stamp = Stamp::new(
        stamp.key_id(),
        StampMac::from_bytes(arr(&flip(stamp.mac().as_bytes(), 31))),
    );
    let mauled_tag = FrankingTag::from_bytes(arr(&flip(tag.as_bytes(), 0)));
    let mut other_sender = three[1].clone();
    other_sender.sender = b"mallory".to_vec();
    let middle = [
        (
            "stamp-only entry with its stamp MAC changed",
            three[1].stamp_only_bytes(&mauled_stamp, &tag),
        ),
        (
            "stamp-only entry with its franking tag changed",
            three[1].stamp_only_bytes(&stamp, &mauled_tag),
        ),
        (
            "stamp-only entry naming another sender",
            other_sender.stamp_only_bytes(&stamp, &tag),
        ),
    ];
    for (name, entry) in middle {
        let bytes = conversation_bytes(room, &[honest(&three[0]), entry, honest(&three[2])]);
        add(name, now, keys, &bytes, "Invalid");
    }
    let unknown = Stamp::new(KeyId::new(99), *stamp.mac());
    let bytes = conversation_bytes(
        room,
        &[
            honest(&three[0]),
            three[1].stamp_only_bytes(&unknown, &tag),
            honest(&three[2]),
        ],
    );
    add(
        "stamp-only entry under an unknown key",
        now,
        keys,
        &bytes,
        "UnknownKey",
    );
    let first_kind = 1 + 2 + room.len() + 2;
    for kind in [0x00, 0x03] {
        let mut bytes = mixed.clone();
        bytes[first_kind] = kind;
        add(
            &format!("entry kind {kind:#04x}"),
            now,
            keys,
            &bytes,
            "Malformed",
        );
    }
    let twice = conversation_bytes(
        room,
        &[honest(&three[0]), honest(&three[1]), three[1].stamp_only()?],
    );
    add(
        "one message shown and again as stamp-only",
        now,
        keys,
        &twice,
        "Malformed",
    );
    Ok(())
}

/// Step 1 of SPEC 15.6 in full: the key-interval check (section 6 step 4)
/// applies to every entry, and the first entry failing a public check
/// decides, before any cryptographic verdict.
fn key_interval_and_order_cases(
    add: &mut impl FnMut(&str, u64, &[Key], &[u8], &str),
    entries: &[Entry],
    all: &[u8],
    (k_old, k_cur): ((u32, [u8; 32]), (u32, [u8; 32])),
    now: u64,
    ts: u64,
) -> Result<(), Error> {
    let room = &entries[0].conversation;
    let key = |(id, bytes): (u32, [u8; 32]), not_before, not_after| Key {
        id,
        bytes,
        not_before,
        not_after,
    };
    // The old key's interval closed 301 s before the first message: its
    // stamp is genuine, but dated after the key stopped stamping.
    let closed = [key(k_cur, ts + 1, u64::MAX), key(k_old, 0, ts - 301)];
    add(
        "first message stamped after its key's interval closed",
        now,
        &closed,
        all,
        "OutsideKeyInterval",
    );
    let late = [key(k_cur, ts + 60 + 301, u64::MAX), key(k_old, 0, ts + 60)];
    add(
        "second message stamped before its key's interval began",
        now,
        &late,
        all,
        "OutsideKeyInterval",
    );
    let last = entries.len() - 1;
    let from_future = entries[last].timestamp - 300 - 1;
    add(
        "first entry under an unknown key, last from the future: the first entry decides",
        from_future,
        &[key(k_cur, 0, u64::MAX)],
        all,
        "UnknownKey",
    );
    let mut forged = entries.to_vec();
    let honest_stamp = forged[0].stamp()?;
    forged[0].message = b"did you read chapter 4?".to_vec();
    let mut raw: Vec<Vec<u8>> = vec![forged[0].bytes(&honest_stamp)];
    for e in &forged[1..] {
        raw.push(e.bytes(&e.stamp()?));
    }
    let keys = [key(k_cur, 0, u64::MAX), key(k_old, 0, u64::MAX)];
    let bytes = conversation_bytes(room, &raw);
    add(
        "first message edited, last from the future: public errors come first",
        from_future,
        &keys,
        &bytes,
        "FromFuture",
    );
    add("first message edited", now, &keys, &bytes, "Invalid");
    Ok(())
}

fn main() -> Result<(), Error> {
    let sealed = seal(fixed(0x80), fixed(0x40), b"", b"");
    let other = seal(fixed(0x90), fixed(0x00), b"x", b"y");
    let envelopes = [
        ("sealed empty message", sealed.envelope.to_bytes().to_vec()),
        (
            "sealed one-byte message",
            other.envelope.to_bytes().to_vec(),
        ),
    ];
    let stamps = [
        (
            "key id 0x01020304",
            Stamp::decode(&[&[1, 2, 3, 4][..], &fixed::<32>(0xe0)].concat())?
                .to_bytes()
                .to_vec(),
        ),
        (
            "key id 2^32-1",
            [&[0xff; 4][..], &fixed::<32>(0xf0)].concat(),
        ),
    ];
    println!("# franking v1 test vectors; format: SPEC.md section 10.");
    println!("# Generated by `cargo run --example gen_vectors`; do not edit by hand.");
    let all = [
        commitment_cases(),
        seal_cases(Suite::XChaCha20),
        open_cases(),
        seal_cases(Suite::Aes256),
        aes_open_cases(),
        stamp_cases(),
        encoding_cases("envelope", &envelopes),
        encoding_cases("stamp-encoding", &stamps),
        report_cases()?,
        receipt_cases()?,
        report_id_cases(),
        range_report_id_cases(),
        conversation_report_id_cases(),
        conversation_cases()?,
        key_record_cases()?,
        key_chain_report_cases()?,
    ];
    for case in all.iter().flatten() {
        case.print();
    }
    Ok(())
}
