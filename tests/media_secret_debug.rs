//! Media secrets never print: the attachment key and chunk openings are
//! redacted in `Debug`; sealer, opener, proof, verifier and verified range
//! print positions and lengths only, never key or content bytes.

mod media_common;

use franking::media::{
    AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE, RangeVerifier, range_proof,
    verify_media_report,
};
use franking::wire::MediaReportHead;
use media_common::*;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn media_secrets_and_content_never_print() {
    let key = [0xabu8; 32];
    let plaintext = vec![0xcdu8; 2 * CHUNK_SIZE + 9];
    let sealed = seal(key, &plaintext);
    let k = AttachmentKey::from_bytes(key);
    let opening = k.chunk_opening(&sealed.descriptor, 1).unwrap();
    let mut rng = TestRng(40);
    let delivered = deliver(&mut rng, &[sealed.descriptor], b"");
    let report = media_report(&delivered.message_report, 0, key, &sealed, &plaintext, 0, 3);
    let verified = verify_media_report(&delivered.keyring, NOW, &report).unwrap();
    let printed = [
        format!("{k:?}"),
        format!("{opening:?}"),
        format!(
            "{:?}",
            AttachmentSealer::new(AttachmentKey::from_bytes(key), &mut TestRng(1))
        ),
        format!("{:?}", AttachmentOpener::new(&k, sealed.descriptor)),
        format!(
            "{:?}",
            range_proof(&sealed.descriptor, 1, 1, &mut &sealed.tree[..]).unwrap()
        ),
        format!("{verified:?}"),
        format!(
            "{:?}",
            RangeVerifier::new(
                &delivered.keyring,
                NOW,
                &MediaReportHead::decode_prefix(&report).unwrap().0
            )
            .unwrap()
        ),
    ];
    assert_eq!(printed[0], "AttachmentKey(<redacted>)");
    assert_eq!(printed[1], "ChunkOpening(<redacted>)");
    for p in &printed {
        assert!(!p.contains(&hex(&key)), "{p}");
        assert!(!p.contains(&hex(opening.as_bytes())), "{p}");
        assert!(!p.contains("cdcdcdcd"), "{p}");
        assert!(!p.to_lowercase().contains("[171, 171"), "{p}");
        // Derived `Debug` prints byte slices in decimal.
        assert!(p.len() < 1000, "{} characters printed", p.len());
        assert!(!p.contains("205, 205"), "{p}");
    }
    // The opener prints where it is (and its public descriptor), not the key.
    assert!(
        printed[3].starts_with("AttachmentOpener {"),
        "{}",
        printed[3]
    );
    assert!(printed[3].contains("next: 0"), "{}", printed[3]);
    // The proof and the verified range print where and how much, not what.
    assert_eq!(printed[4], "RangeProof { first: 1, count: 1, hashes: 2 }");
    let range = &printed[5];
    for field in ["first_chunk: 0", "chunk_count: 3", "records_len: "] {
        assert!(range.contains(field), "{range}");
    }
    assert_eq!(
        printed[6],
        "RangeVerifier { attachment: 0, first: 0, count: 3, done_chunks: 0, .. }"
    );
}
