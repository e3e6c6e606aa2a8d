//! Generates the media test vectors `tests/vectors/media-v1.txt` (format:
//! SPEC.md section 10, kinds of section 14.8) through the crate's public API.
//!
//! Run with `cargo run --example gen_media_vectors > tests/vectors/media-v1.txt`.
//! Every input is a fixed byte pattern, so the output is deterministic; the
//! generator checks that the crate agrees with each expected verdict.

use franking::media::{
    AttachmentDescriptor, AttachmentEvidence, AttachmentKey, AttachmentNonce, AttachmentRoot,
    AttachmentSealer, CHUNK_SIZE, MediaReportWriter, WrappedAttachmentKey, open_chunk_at,
    verify_media_report,
};
use franking::wire::{MEDIA_MESSAGE_LABEL, MEDIA_REPORT_LABEL, MediaMessage, MediaReportHead};
use franking::{
    Context, Error, KeyId, KeyInterval, Keyring, MessageKey, Nonce, PlatformKey, Report, Suite,
};
use sha2::{Digest, Sha256};

fn pattern(start: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| start.wrapping_add(i as u8)).collect()
}

fn fixed<const N: usize>(start: u8) -> [u8; N] {
    core::array::from_fn(|i| start.wrapping_add(i as u8))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn verdict<T>(result: &Result<T, Error>) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(e) => e.kind().name().into(),
    }
}

struct Case(Vec<(&'static str, String)>);

impl Case {
    fn new(kind: &str, name: &str, expect: &str) -> Self {
        Case(vec![
            ("kind", kind.into()),
            ("name", name.into()),
            ("expect", expect.into()),
        ])
    }
    fn f(mut self, name: &'static str, value: String) -> Self {
        self.0.push((name, value));
        self
    }
    fn print(&self) {
        for (k, v) in &self.0 {
            if v.is_empty() {
                println!("{k}: ");
            } else {
                println!("{k}: {v}");
            }
        }
        println!();
    }
}

struct Sealed {
    ciphertext: Vec<u8>,
    tree: Vec<u8>,
    descriptor: AttachmentDescriptor,
}

/// The suite's name in the vector files (SPEC.md 10).
fn suite_name(suite: Suite) -> &'static str {
    match suite {
        Suite::XChaCha20 => "xchacha20",
        Suite::Aes256 => "aes256",
    }
}

/// The attachment nonce of the attachment sealed under a key starting with
/// `key_byte`: a fixed pattern, as every input here (the crate's sealer
/// draws it at random; this interface is for test vectors only).
fn attachment_nonce(key_byte: u8) -> AttachmentNonce {
    AttachmentNonce::from_bytes(fixed(key_byte ^ 0xe0))
}

fn seal(suite: Suite, key: [u8; 32], plaintext: &[u8]) -> Sealed {
    let mut sealer = AttachmentSealer::with_nonce_for_test_vectors(
        AttachmentKey::with_suite(suite, key),
        attachment_nonce(key[0]),
    );
    let mut ciphertext = plaintext.to_vec();
    let mut tree = Vec::new();
    let n = plaintext.len().div_ceil(CHUNK_SIZE).max(1);
    if plaintext.is_empty() {
        tree.extend_from_slice(sealer.seal_chunk(&mut [], true).unwrap());
    }
    for (i, c) in ciphertext.chunks_mut(CHUNK_SIZE).enumerate() {
        tree.extend_from_slice(sealer.seal_chunk(c, i + 1 == n).unwrap());
    }
    Sealed {
        ciphertext,
        tree,
        descriptor: sealer.descriptor().unwrap(),
    }
}

fn key_cases() {
    for (suite, key, nonce, index, wrapped) in [
        (Suite::XChaCha20, 0x70u8, 0x90u8, 0u16, None),
        (Suite::XChaCha20, 0x70, 0x90, 1, None),
        (Suite::XChaCha20, 0x70, 0x91, 0, None),
        (Suite::XChaCha20, 0x01, 0xff, 65535, None),
        (Suite::XChaCha20, 0x70, 0x90, 0, Some(0x40u8)),
        (Suite::Aes256, 0x70, 0x90, 0, None),
        (Suite::Aes256, 0x01, 0xff, 65535, None),
        (Suite::Aes256, 0x70, 0x90, 0, Some(0x40)),
    ] {
        let w = WrappedAttachmentKey::from_bytes(wrapped.map_or([0u8; 32], fixed));
        let key_of = AttachmentKey::unwrap(
            &MessageKey::with_suite(suite, fixed(key)),
            &Nonce::from_bytes(fixed(nonce)),
            index,
            &w,
        );
        let how = if wrapped.is_some() {
            "wrapped"
        } else {
            "derived"
        };
        let name = format!("{} attachment {index}, {how}", suite_name(suite));
        Case::new("media-key", &name, "ok")
            .f("suite", suite_name(suite).to_string())
            .f("key", hex(&fixed::<32>(key)))
            .f("nonce", hex(&fixed::<24>(nonce)))
            .f("index", index.to_string())
            .f("wrapped", hex(w.as_bytes()))
            .f("attachment_key", hex(key_of.as_bytes()))
            .print();
    }
}

fn seal_cases() {
    for (suite, len, start, key) in [
        (Suite::XChaCha20, 0usize, 0u8, 0x10u8),
        (Suite::XChaCha20, 1, 7, 0x11),
        (Suite::XChaCha20, 100, 0x20, 0x12),
        (Suite::XChaCha20, CHUNK_SIZE, 0x30, 0x13),
        (Suite::XChaCha20, CHUNK_SIZE + 1, 0x40, 0x14),
        (Suite::XChaCha20, 2 * CHUNK_SIZE + 50, 0x50, 0x15),
        (Suite::XChaCha20, 4 * CHUNK_SIZE + 3, 0x60, 0x16),
        (Suite::Aes256, 0, 0, 0x10),
        (Suite::Aes256, 100, 0x20, 0x12),
        (Suite::Aes256, 2 * CHUNK_SIZE + 50, 0x50, 0x15),
    ] {
        let plaintext = pattern(start, len);
        let s = seal(suite, fixed(key), &plaintext);
        let k = AttachmentKey::with_suite(suite, fixed(key));
        let openings: Vec<u8> = (0..s.descriptor.chunk_count())
            .flat_map(|i| *k.chunk_opening(&s.descriptor, i).unwrap().as_bytes())
            .collect();
        let name = format!("{} {len}-byte attachment", suite_name(suite));
        Case::new("media-seal", &name, "ok")
            .f("suite", suite_name(suite).to_string())
            .f("key", hex(&fixed::<32>(key)))
            .f("attachment_nonce", hex(s.descriptor.nonce().as_bytes()))
            .f("length", len.to_string())
            .f("pattern", start.to_string())
            .f("root", hex(s.descriptor.root().as_bytes()))
            .f("tree", hex(&s.tree))
            .f("ciphertext_sha256", hex(&Sha256::digest(&s.ciphertext)))
            .f("openings", hex(&openings))
            .print();
    }
}

fn open_case(
    name: &str,
    suite: Suite,
    key: [u8; 32],
    d: &AttachmentDescriptor,
    index: u64,
    tree: &[u8],
    chunk: &[u8],
) {
    let mut buf = chunk.to_vec();
    let k = AttachmentKey::with_suite(suite, key);
    let r = open_chunk_at(&k, d, index, &mut buf, &mut &tree[..]);
    let name = format!("{} {name}", suite_name(suite));
    let mut c = Case::new("media-open", &name, &verdict(&r))
        .f("suite", suite_name(suite).to_string())
        .f("key", hex(&key))
        .f("length", d.len().to_string())
        .f("root", hex(d.root().as_bytes()))
        .f("attachment_nonce", hex(d.nonce().as_bytes()))
        .f("index", index.to_string())
        .f("tree", hex(tree))
        .f("chunk", hex(chunk));
    if r.is_ok() {
        c = c.f("plaintext", hex(&buf));
    } else {
        assert_eq!(buf, chunk, "nothing released");
    }
    c.print();
}

fn open_cases() {
    for suite in [Suite::XChaCha20, Suite::Aes256] {
        open_cases_in(suite);
    }
}

fn open_cases_in(suite: Suite) {
    let key = fixed(0x15);
    let s = seal(suite, key, &pattern(0x50, 2 * CHUNK_SIZE + 50));
    let d = s.descriptor;
    let ct = &s.ciphertext;
    let last = &ct[2 * CHUNK_SIZE..];
    open_case("first chunk", suite, key, &d, 0, &s.tree, &ct[..CHUNK_SIZE]);
    open_case("last chunk", suite, key, &d, 2, &s.tree, last);
    let mut flipped = last.to_vec();
    flipped[0] ^= 1;
    open_case(
        "flipped ciphertext bit",
        suite,
        key,
        &d,
        2,
        &s.tree,
        &flipped,
    );
    open_case("wrong key", suite, fixed(0x16), &d, 2, &s.tree, last);
    open_case(
        "chunk at another index",
        suite,
        key,
        &d,
        1,
        &s.tree,
        &ct[..CHUNK_SIZE],
    );
    open_case(
        "chunk one byte short",
        suite,
        key,
        &d,
        2,
        &s.tree,
        &last[1..],
    );
    open_case(
        "index beyond the attachment",
        suite,
        key,
        &d,
        3,
        &s.tree,
        last,
    );
    let mut tree = s.tree.clone();
    tree[70] ^= 0x80;
    open_case("flipped tree record bit", suite, key, &d, 2, &tree, last);
    open_case("truncated tree", suite, key, &d, 2, &s.tree[..64], last);
    // Records past 64(n - 1) bytes are never read (SPEC.md 14.5).
    let mut long_tree = s.tree.clone();
    long_tree.extend_from_slice(&[0xee; 64]);
    open_case(
        "tree with a record too many",
        suite,
        key,
        &d,
        2,
        &long_tree,
        last,
    );
    let other = AttachmentDescriptor::new(d.len() + 1, *d.root(), *d.nonce()).unwrap();
    let other_nonce = AttachmentDescriptor::new(d.len(), *d.root(), attachment_nonce(0)).unwrap();
    let s1 = seal(suite, fixed(0x11), &pattern(7, 1));
    open_case(
        "one-chunk attachment",
        suite,
        fixed(0x11),
        &s1.descriptor,
        0,
        &[],
        &s1.ciphertext,
    );
    open_case(
        "length changed in the descriptor",
        suite,
        key,
        &other,
        2,
        &s.tree,
        last,
    );
    open_case(
        "attachment nonce changed in the descriptor",
        suite,
        key,
        &other_nonce,
        2,
        &s.tree,
        last,
    );
}

fn message_cases() {
    let d1 = AttachmentDescriptor::new(
        5,
        AttachmentRoot::from_bytes(fixed(0xa0)),
        AttachmentNonce::from_bytes(fixed(0xb0)),
    )
    .unwrap();
    let d2 = AttachmentDescriptor::new(
        1 << 48,
        AttachmentRoot::from_bytes(fixed(0xc0)),
        AttachmentNonce::from_bytes(fixed(0xd0)),
    )
    .unwrap()
    .with_wrapped_key(WrappedAttachmentKey::from_bytes(fixed(0xe0)));
    const D: usize = franking::wire::DESCRIPTOR_LEN;
    let encode = |ds: &[AttachmentDescriptor], body: &[u8]| {
        let mut out = vec![0u8; MediaMessage::encoded_len(ds.len(), body.len())];
        MediaMessage::encode_into(ds, body, &mut out).unwrap();
        out
    };
    let two = encode(&[d1, d2], b"caption");
    let mut over = two.clone();
    over[18 + D + 7] = 1; // second length 2^48 + 1
    // The first length over the limit, the list truncated: the list is taken
    // whole before any descriptor is checked (SPEC.md 14.4).
    let mut over_and_short = encode(&[d2, d1], b"");
    over_and_short[18 + 7] = 1;
    over_and_short.pop();
    let mut bad_label = two.clone();
    bad_label[0] ^= 1;
    let mut count_over = two.clone();
    count_over[17] = 3;
    for (name, bytes) in [
        ("no attachments, empty body", encode(&[], b"")),
        ("two attachments and a caption", two.clone()),
        ("truncated descriptor", two[..18 + D - 1].to_vec()),
        ("length over 2^48 in a truncated list", over_and_short),
        ("count beyond the descriptors", count_over),
        ("attachment length over 2^48", over),
        ("wrong label", bad_label),
        ("label only", two[..16].to_vec()),
    ] {
        let r = MediaMessage::decode(&bytes);
        let mut c = Case::new("media-message", name, &verdict(&r)).f("encoding", hex(&bytes));
        if let Ok(m) = r {
            let ds: Vec<u8> = (0..m.attachment_count())
                .flat_map(|i| m.descriptor(i).unwrap().to_bytes())
                .collect();
            c = c
                .f("count", m.attachment_count().to_string())
                .f("descriptors", hex(&ds))
                .f("body", hex(m.body()));
        }
        c.print();
    }
}

const NOW: u64 = 1_700_000_100;

fn report_case(name: &str, keyring: &Keyring, keys: &str, now: u64, report: &[u8]) {
    let r = verify_media_report(keyring, now, report);
    let mut c = Case::new("media-report", name, &verdict(&r))
        .f("keys", keys.into())
        .f("max_age", "86400".into())
        .f("max_skew", "300".into())
        .f("now", now.to_string())
        .f("report", hex(report));
    if let Ok(v) = &r {
        let plain: Vec<u8> = (0..v.chunk_count())
            .flat_map(|k| v.chunk(k).unwrap().to_vec())
            .collect();
        c = c
            .f("attachment", v.attachment().to_string())
            .f("first_chunk", v.first_chunk().to_string())
            .f("chunk_count", v.chunk_count().to_string())
            .f("byte_offset", v.byte_offset().to_string())
            .f("plaintext", hex(&plain));
    }
    c.print();
}

/// A message report of `message` (sealed, stamped at `timestamp`, opened).
fn message_report(keyring: &Keyring, message: &[u8], timestamp: u64) -> Vec<u8> {
    let mut message = message.to_vec();
    let mk = MessageKey::from_bytes(fixed(0x70));
    let envelope = mk
        .seal_in_place_with_nonce(&Nonce::from_bytes(fixed(0x90)), b"", &mut message)
        .unwrap();
    let context = Context::new(b"alice", b"bob", timestamp, b"m-1").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();
    let opened = mk.open_in_place(&envelope, b"", &mut message).unwrap();
    let report = opened.report(&context, &stamp);
    let mut mr = vec![0u8; report.encoded_len()];
    report.encode_into(&mut mr).unwrap();
    mr
}

/// A media report built as the recipient does: from the message report, the
/// attachment evidence, the plaintext and the tree, by the report writer.
fn build(
    mr: &[u8],
    evidence: &AttachmentEvidence,
    s: &Sealed,
    plain: &[u8],
    first: u64,
    count: u64,
) -> Vec<u8> {
    let mr = Report::decode(mr).unwrap();
    let mut writer = MediaReportWriter::range(evidence, first, count, &mut &s.tree[..]).unwrap();
    let mut out = vec![0u8; writer.report_len(&mr) as usize];
    let mut at = writer.write_head(&mr, &mut out).unwrap();
    while let Some((i, len)) = writer.next_chunk() {
        let start = i as usize * CHUNK_SIZE;
        at += writer
            .write_chunk(&plain[start..start + len], &mut out[at..])
            .unwrap();
    }
    assert_eq!(at, out.len());
    out
}

fn report_cases() {
    let (ka, kb) = (fixed(0x15), fixed(0x11));
    let pa = pattern(0x50, 2 * CHUNK_SIZE + 50);
    let pb = pattern(7, 1);
    let (sa, sb) = (
        seal(Suite::XChaCha20, ka, &pa),
        seal(Suite::XChaCha20, kb, &pb),
    );
    // The second attachment's descriptor carries a wrapped key: reports
    // carry it and verify the same.
    let db = sb
        .descriptor
        .with_wrapped_key(WrappedAttachmentKey::from_bytes(fixed(0x40)));
    let mut message = vec![0u8; MediaMessage::encoded_len(2, 2)];
    MediaMessage::encode_into(&[sa.descriptor, db], b"hi", &mut message).unwrap();
    let pk = fixed::<32>(0xd0);
    let keyring = Keyring::new(
        PlatformKey::from_bytes(KeyId::new(1), KeyInterval::starting_at(0), &mut pk.clone())
            .unwrap(),
        86_400,
    );
    let keys = format!("1={}/0/{}", hex(&pk), u64::MAX);
    let mr = message_report(&keyring, &message, 1_700_000_000);
    let ev_a = AttachmentEvidence::new(AttachmentKey::from_bytes(ka), 0, sa.descriptor);
    let ev_b = AttachmentEvidence::new(AttachmentKey::from_bytes(kb), 1, db);

    let last = build(&mr, &ev_a, &sa, &pa, 2, 1);
    let whole_b = build(&mr, &ev_b, &sb, &pb, 0, 1);
    let head_len = MediaReportHead::decode_prefix(&last).unwrap().1;
    let after_mr = 20 + u32::from_be_bytes(last[16..20].try_into().unwrap()) as usize;
    report_case(
        "last chunk of a 3-chunk attachment",
        &keyring,
        &keys,
        NOW,
        &last,
    );
    report_case(
        "whole 1-byte attachment, wrapped key in its descriptor",
        &keyring,
        &keys,
        NOW,
        &whole_b,
    );
    let first_two = build(&mr, &ev_a, &sa, &pa, 0, 2);
    report_case("first two chunks", &keyring, &keys, NOW, &first_two);
    let mut t = last.clone();
    t[head_len - 1] ^= 1;
    report_case("flipped proof hash", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    t[head_len] ^= 1;
    report_case("flipped chunk opening", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    let n = t.len() - 1;
    t[n] ^= 1;
    report_case("flipped chunk byte", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    t[after_mr + 1] = 1; // index 1: a 1-chunk attachment, chunk 2 is beyond it
    report_case("claimed for the other attachment", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    t[after_mr + 1] = 2;
    report_case(
        "attachment index beyond the message",
        &keyring,
        &keys,
        NOW,
        &t,
    );
    let mut t = last.clone();
    t[after_mr + 9] = 1;
    report_case("offset shifted to chunk 1", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    t[after_mr + 17] = 0;
    report_case("chunk count 0", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    t[after_mr + 18] = 0;
    report_case("proof count one short", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    t.push(0);
    report_case("trailing byte", &keyring, &keys, NOW, &t);
    report_case(
        "truncated chunk",
        &keyring,
        &keys,
        NOW,
        &last[..last.len() - 1],
    );
    let mut t = last.clone();
    t[0] ^= 1;
    report_case("wrong label", &keyring, &keys, NOW, &t);
    report_case("expired", &keyring, &keys, NOW + 86_400, &last);
    report_case(
        "from the future",
        &keyring,
        &keys,
        1_700_000_000 - 301,
        &last,
    );
    let other_keyring = Keyring::new(
        PlatformKey::from_bytes(KeyId::new(2), KeyInterval::starting_at(0), &mut pk.clone())
            .unwrap(),
        86_400,
    );
    report_case(
        "unknown key",
        &other_keyring,
        &format!("2={}/0/{}", hex(&pk), u64::MAX),
        NOW,
        &last,
    );
    let retired = Keyring::new(
        PlatformKey::from_bytes(
            KeyId::new(1),
            KeyInterval::new(0, 1_600_000_000).unwrap(),
            &mut pk.clone(),
        )
        .unwrap(),
        86_400,
    );
    report_case(
        "stamped outside the key's interval",
        &retired,
        &format!("1={}/0/1600000000", hex(&pk)),
        NOW,
        &last,
    );
    let mut t = last.clone();
    t[20] = 2; // the message report's version byte
    report_case("message report of version 2", &keyring, &keys, NOW, &t);
    let mut t = last.clone();
    t[20 + 40] ^= 1; // a byte of the message report's stamp MAC
    report_case("flipped stamp MAC", &keyring, &keys, NOW, &t);

    // The order of errors (SPEC.md 14.6): head decoding, then section 6,
    // then the descriptor, range and proof count, then chunks, then Invalid.
    let mut t = last.clone();
    t[after_mr + 17] = 0;
    report_case("chunk count 0, expired", &keyring, &keys, NOW + 86_400, &t);
    let mut t = last.clone();
    t[after_mr + 18] = 65;
    report_case("proof count 65, expired", &keyring, &keys, NOW + 86_400, &t);
    let mut t = last.clone();
    t[after_mr + 9] = 3;
    report_case(
        "range beyond the attachment, expired",
        &keyring,
        &keys,
        NOW + 86_400,
        &t,
    );
    let mut t = last.clone();
    t[after_mr + 9] = 3;
    t.pop();
    report_case(
        "range beyond the attachment and a truncated chunk",
        &keyring,
        &keys,
        NOW,
        &t,
    );
    let mut t = last.clone();
    t[head_len - 1] ^= 1;
    t.push(0);
    report_case(
        "flipped proof hash and a trailing byte",
        &keyring,
        &keys,
        NOW,
        &t,
    );

    // A message that starts with the media label but does not decode: its
    // message report verifies (section 6 does not parse M), a media report
    // of it is Malformed (SPEC.md 14.4).
    let mut bad = MEDIA_MESSAGE_LABEL.to_vec();
    bad.extend_from_slice(&[0, 1, 0xaa]);
    let bad_mr = message_report(&keyring, &bad, 1_700_000_000);
    let mut t = MEDIA_REPORT_LABEL.to_vec();
    t.extend_from_slice(&(bad_mr.len() as u32).to_be_bytes());
    t.extend_from_slice(&bad_mr);
    t.extend_from_slice(&[0, 0]); // attachment 0
    t.extend_from_slice(&0u64.to_be_bytes());
    t.extend_from_slice(&1u64.to_be_bytes());
    t.push(0); // no proof hashes
    t.extend_from_slice(&[0u8; 33]); // an opening and a 1-byte chunk
    report_case(
        "message that does not decode as a media message",
        &keyring,
        &keys,
        NOW,
        &t,
    );
}

fn main() {
    println!("# franking v1 media test vectors; format: SPEC.md sections 10 and 14.8.");
    println!("# Generated by `cargo run --example gen_media_vectors`; do not edit by hand.");
    println!();
    key_cases();
    seal_cases();
    open_cases();
    message_cases();
    report_cases();
}
