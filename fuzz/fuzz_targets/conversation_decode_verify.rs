//! Arbitrary bytes as a conversation report off the wire (SPEC.md 15.5, 15.6).
//!
//! Properties: `ConversationReport::decode` accepts exactly what the
//! reference parser accepts (same error otherwise) and reads the same
//! entries; every accepted input re-encodes to itself; verification never
//! panics and, at a range of clocks, gives exactly the reference moderator's
//! decision; a verdict lists every entry in order, and its gaps add up to
//! the sequence numbers left out.
#![no_main]

use std::sync::LazyLock;

use franking::conversation::{ConversationVerdict, Entry};
use franking::{ConversationReport, Keyring};
use franking_fuzz::reference::{ConvEntry, decode_conversation, verify_conversation};
use franking_fuzz::{MAX_AGE, MAX_SKEW, NOW, PLATFORM_KEYS, keyring};
use libfuzzer_sys::fuzz_target;

static RING: LazyLock<Keyring> = LazyLock::new(keyring);

fuzz_target!(|data: &[u8]| {
    let expected = decode_conversation(data);
    let report = match ConversationReport::decode(data) {
        Ok(report) => report,
        Err(e) => {
            assert_eq!(
                Err(e.kind()),
                expected.map(|_| ()),
                "decode error differs from the specification"
            );
            return;
        }
    };
    let (conversation, entries) =
        expected.expect("library accepted a conversation report the specification rejects");
    assert_eq!(report.conversation(), conversation);
    let messages: Vec<Entry<'_>> = report.entries().collect();
    assert_eq!(messages.len(), entries.len());
    for (m, e) in messages.iter().zip(&entries) {
        assert_eq!(&ConvEntry::of(m), e, "decoded entry differs");
    }
    let mut out = vec![0u8; data.len()];
    assert_eq!(
        ConversationReport::encode_into(&messages, &mut out),
        Ok(data.len())
    );
    assert_eq!(out, data, "accepted report does not re-encode to itself");

    let first = entries.first().map_or(NOW, |e| e.timestamp());
    for now in [NOW, first, first.saturating_add(MAX_AGE), 0, u64::MAX] {
        let want = verify_conversation(&entries, &PLATFORM_KEYS, now, MAX_AGE, MAX_SKEW);
        let got = ConversationVerdict::verify(&RING, now, &report);
        assert_eq!(
            got.as_ref().map(|_| ()).map_err(|e| e.kind()),
            want,
            "verify at {now} differs from the specification"
        );
        if let Ok(v) = got {
            let seqs: Vec<u64> = v.entries().map(|m| m.seq()).collect();
            let want_seqs: Vec<u64> = entries.iter().map(|e| e.seq()).collect();
            assert_eq!(seqs, want_seqs);
            let hidden: Vec<bool> = v.entries().map(|m| m.is_stamp_only()).collect();
            let want_hidden: Vec<bool> = entries.iter().map(|e| e.is_stamp_only()).collect();
            assert_eq!(hidden, want_hidden);
            let span = seqs[seqs.len() - 1] - seqs[0] + 1;
            assert_eq!(v.missing(), span - seqs.len() as u64);
            assert_eq!(v.is_contiguous(), v.missing() == 0);
        }
    }
});
