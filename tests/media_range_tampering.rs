//! Range reports: tampering with the offset, the length, any proof hash, an
//! opening or a chunk, the attachment index, or reporting an attachment under
//! the wrong message, is rejected.

mod media_common;

use franking::media::{CHUNK_SIZE, range_proof, verify_media_report};
use franking::wire::MediaReportHead;
use franking::{Error, ErrorKind};
use media_common::*;

const LEN: usize = 12 * CHUNK_SIZE + 333; // 13 chunks

struct Fixture {
    key: [u8; 32],
    plaintext: Vec<u8>,
    sealed: Sealed,
    delivered: Delivered,
    other_key: [u8; 32],
    other_plain: Vec<u8>,
    other: Sealed,
}

fn fixture() -> Fixture {
    let mut rng = TestRng(9);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, LEN);
    let sealed = seal(key, &plaintext);
    let other_key = rng.array_bytes();
    let other_plain = bytes(&mut rng, LEN);
    let other = seal(other_key, &other_plain);
    let delivered = deliver(&mut rng, &[sealed.descriptor, other.descriptor], b"body");
    Fixture {
        key,
        plaintext,
        sealed,
        delivered,
        other_key,
        other_plain,
        other,
    }
}

fn report(f: &Fixture, first: u64, count: u64) -> Vec<u8> {
    media_report(
        &f.delivered.message_report,
        0,
        f.key,
        &f.sealed,
        &f.plaintext,
        first,
        count,
    )
}

fn verdict(f: &Fixture, bytes: &[u8]) -> Result<(), Error> {
    verify_media_report(&f.delivered.keyring, NOW, bytes).map(|_| ())
}

/// Offset of the fields after the message report in a media report.
fn after_message_report(bytes: &[u8]) -> usize {
    20 + u32::from_be_bytes(bytes[16..20].try_into().unwrap()) as usize
}

#[test]
fn honest_range_verifies() {
    let f = fixture();
    verdict(&f, &report(&f, 3, 4)).unwrap();
}

#[test]
fn shifted_offset_is_rejected() {
    let f = fixture();
    for (first, count) in [(3u64, 4u64), (0, 1), (5, 8), (12, 1)] {
        let bytes = report(&f, first, count);
        let at = after_message_report(&bytes) + 2;
        for new_first in [first.wrapping_sub(1), first + 1, first ^ 2] {
            let mut t = bytes.clone();
            t[at..at + 8].copy_from_slice(&new_first.to_be_bytes());
            let r = verdict(&f, &t);
            assert!(r.is_err(), "first {first} -> {new_first}");
        }
    }
}

#[test]
fn changed_length_is_rejected() {
    let f = fixture();
    let bytes = report(&f, 3, 4);
    let at = after_message_report(&bytes) + 10;
    for count in [3u64, 5, 0, u64::MAX] {
        let mut t = bytes.clone();
        t[at..at + 8].copy_from_slice(&count.to_be_bytes());
        assert!(verdict(&f, &t).is_err(), "count {count}");
    }
    // Dropping the last chunk record, or adding one.
    let rec = 32 + CHUNK_SIZE;
    assert_eq!(
        verdict(&f, &bytes[..bytes.len() - rec]).unwrap_err().kind(),
        ErrorKind::Malformed
    );
    let mut longer = bytes.clone();
    longer.extend_from_slice(&bytes[bytes.len() - rec..]);
    assert_eq!(
        verdict(&f, &longer).unwrap_err().kind(),
        ErrorKind::Malformed
    );
}

#[test]
fn every_byte_of_every_proof_hash_matters() {
    let f = fixture();
    for (first, count) in [(3u64, 4u64), (0, 1), (12, 1), (6, 2)] {
        let bytes = report(&f, first, count);
        let at = after_message_report(&bytes) + 18;
        let p = bytes[at] as usize;
        assert!(p > 0);
        // Each byte, with a bit position that cycles through all eight.
        for byte in 0..p * 32 {
            let mut t = bytes.clone();
            t[at + 1 + byte] ^= 1 << (byte % 8);
            assert_eq!(verdict(&f, &t), Err(Error::Invalid));
        }
        // Proof hashes swapped among themselves.
        if p > 1 {
            let mut t = bytes.clone();
            let (a, b) = (at + 1, at + 33);
            let tmp: Vec<u8> = t[a..a + 32].to_vec();
            t.copy_within(b..b + 32, a);
            t[b..b + 32].copy_from_slice(&tmp);
            assert_eq!(verdict(&f, &t), Err(Error::Invalid));
        }
        // A proof hash dropped or added (count adjusted).
        let mut t = bytes.clone();
        t[at] -= 1;
        t.drain(at + 1..at + 33);
        assert_eq!(verdict(&f, &t).unwrap_err().kind(), ErrorKind::Malformed);
    }
}

#[test]
fn tampered_openings_and_chunks_are_rejected() {
    let f = fixture();
    let bytes = report(&f, 3, 4);
    let (_, head) = MediaReportHead::decode_prefix(&bytes).unwrap();
    let rec = 32 + CHUNK_SIZE;
    for k in 0..4 {
        for off in [0, 31, 32, 33, rec - 1] {
            let mut t = bytes.clone();
            t[head + k * rec + off] ^= 0x40;
            assert_eq!(verdict(&f, &t), Err(Error::Invalid));
        }
    }
    // Two chunk records swapped.
    let mut t = bytes.clone();
    let a = bytes[head..head + rec].to_vec();
    t.copy_within(head + rec..head + 2 * rec, head);
    t[head + rec..head + 2 * rec].copy_from_slice(&a);
    assert_eq!(verdict(&f, &t), Err(Error::Invalid));
}

#[test]
fn attachment_index_and_cross_attachment_swaps_are_rejected() {
    let f = fixture();
    let bytes = report(&f, 3, 4);
    let at = after_message_report(&bytes);
    // Same report claimed for attachment 1, or for one the message lacks.
    let mut t = bytes.clone();
    t[at + 1] = 1;
    assert_eq!(verdict(&f, &t), Err(Error::Invalid));
    t[at + 1] = 2;
    assert_eq!(verdict(&f, &t).unwrap_err().kind(), ErrorKind::Malformed);
    // Attachment 1's chunks with attachment 0's proof, and the reverse.
    let mixed = media_report(
        &f.delivered.message_report,
        0,
        f.other_key,
        &f.sealed,
        &f.other_plain,
        3,
        4,
    );
    assert_eq!(verdict(&f, &mixed), Err(Error::Invalid));
    let honest1 = media_report(
        &f.delivered.message_report,
        1,
        f.other_key,
        &f.other,
        &f.other_plain,
        3,
        4,
    );
    verdict(&f, &honest1).unwrap();
}

#[test]
fn attachment_reported_under_the_wrong_message_is_rejected() {
    let f = fixture();
    let mut rng = TestRng(10);
    // Another verified message from the same platform that does not carry it.
    let unrelated = deliver_with(
        &mut rng,
        &f.delivered.keyring,
        &[f.other.descriptor],
        b"",
        b"msg-2",
    );
    let t = media_report(&unrelated, 0, f.key, &f.sealed, &f.plaintext, 3, 4);
    assert_eq!(verdict(&f, &t), Err(Error::Invalid));
    // A plain message (no media label) cannot carry attachments.
    let plain = deliver_with_plain(&mut rng, &f.delivered.keyring);
    let t = media_report(&plain, 0, f.key, &f.sealed, &f.plaintext, 3, 4);
    assert_eq!(verdict(&f, &t).unwrap_err().kind(), ErrorKind::Malformed);
    // The message report itself tampered: the section 6 verdict.
    let mut t = report(&f, 3, 4);
    t[30] ^= 1;
    assert_eq!(verdict(&f, &t), Err(Error::Invalid));
}

fn deliver_with_plain(rng: &mut TestRng, keyring: &franking::Keyring) -> Vec<u8> {
    use franking::{Context, MessageKey};
    let key = MessageKey::generate(rng);
    let mut message = b"no attachments here".to_vec();
    let envelope = key.seal_in_place_with_rng(rng, b"", &mut message).unwrap();
    let context = Context::new(b"alice", b"bob", 1_700_000_000, b"m").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();
    let opened = key.open_in_place(&envelope, b"", &mut message).unwrap();
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).unwrap();
    wire
}

/// `range_proof` refuses an empty range and any range that does not lie
/// inside the attachment, before reading the tree.
#[test]
fn range_proof_rejects_empty_and_out_of_bounds_ranges() {
    let f = fixture();
    let n = f.sealed.descriptor.chunk_count();
    let proof =
        |first, count| range_proof(&f.sealed.descriptor, first, count, &mut &f.sealed.tree[..]);
    let refused = Err(Error::Malformed {
        field: "chunk range",
        offset: 0,
    });
    for (first, count) in [
        (0, 0),
        (5, 0),
        (n, 0),
        (n, 1),
        (n - 1, 2),
        (0, n + 1),
        (3, n),
        (u64::MAX, 1),
        (1, u64::MAX),
    ] {
        assert_eq!(
            proof(first, count).map(|p| p.hash_count()),
            refused,
            "[{first}, +{count})"
        );
    }
    // The edges themselves are ranges.
    for (first, count) in [(0, n), (n - 1, 1), (0, 1)] {
        let p = proof(first, count).unwrap();
        assert_eq!((p.first_chunk(), p.chunk_count()), (first, count));
    }
}

/// Every tree record `range_proof` reads is checked against the root: with
/// any one record altered, every range gives either the honest proof (it
/// did not read that record) or `Invalid`, and some range gives `Invalid`.
#[test]
fn range_proof_checks_every_record_it_reads() {
    let f = fixture();
    let d = &f.sealed.descriptor;
    let n = d.chunk_count();
    let ranges: Vec<(u64, u64)> = (0..n)
        .flat_map(|first| (1..=n - first).map(move |count| (first, count)))
        .collect();
    let honest: Vec<Vec<u8>> = ranges
        .iter()
        .map(|&(first, count)| {
            range_proof(d, first, count, &mut &f.sealed.tree[..])
                .unwrap()
                .hashes()
                .to_vec()
        })
        .collect();
    let records = f.sealed.tree.len() / 64;
    for record in 0..records {
        for half in [0, 32] {
            let mut tree = f.sealed.tree.clone();
            tree[record * 64 + half + 7] ^= 0x20;
            let mut refused = 0;
            for (&(first, count), honest) in ranges.iter().zip(&honest) {
                match range_proof(d, first, count, &mut &tree[..]) {
                    Ok(p) => assert_eq!(
                        p.hashes(),
                        &honest[..],
                        "record {record}, range [{first}, +{count})"
                    ),
                    Err(e) => {
                        assert_eq!(e, Error::Invalid);
                        refused += 1;
                    }
                }
            }
            assert!(refused > 0, "record {record} is read by some range");
        }
    }
}
