//! Property: the MIMI profile's core paths touch no heap (SPEC.md 17):
//! computing a tag, framing a message (server frank and signature, Ed25519
//! and ECDSA), verifying it on arrival and against a fixed-size history
//! (`check_history`), decoding a report and verifying its
//! messages with several keys, and encoding. The counting allocator is the
//! one of `no_alloc.rs` (`counting_alloc/`).
#![cfg(feature = "mimi")]

mod counting_alloc;
mod mimi_common;

use counting_alloc::heap_ops;
use franking::mimi::{
    AbuseReport, FrankHistory, FrankingTag, NewAbuseReport, ServerFrank, ServerFrankingContext,
    SignedFrank, check_history, verify_abuse_report, verify_received,
};
use mimi_common::*;

/// A receiver's history in fixed arrays: one sender and room, a few franks.
struct FixedHistory {
    franks: [ServerFrank; 2],
    last: u64,
}

impl FrankHistory for FixedHistory {
    fn holds_frank(&self, server_frank: &ServerFrank) -> bool {
        self.franks.contains(server_frank)
    }
    fn last_timestamp(&self, sender_uri: &[u8], room_uri: &[u8]) -> Option<u64> {
        (sender_uri == SENDER && room_uri == ROOM).then_some(self.last)
    }
}

#[track_caller]
fn assert_no_heap<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let (result, count) = heap_ops(f);
    assert_eq!(count, 0, "{what} made {count} heap operation(s)");
    result
}

#[test]
fn mimi_paths_make_no_heap_operations() {
    let hub = hub_key(1);
    for suite in SUITES {
        let signer = signing_key(suite, 2);
        let key = signer.verifying_key();
        let m = Franked::new(&hub, &signer, 3, SENDER, ROOM, TIMESTAMP);
        let context = ServerFrankingContext::new(SENDER, ROOM, TIMESTAMP);
        let tag = assert_no_heap("tag", || FrankingTag::compute(&m.salt, &m.content));
        let frank =
            assert_no_heap("frank", || SignedFrank::new(&hub, &signer, &tag, &context)).unwrap();
        assert_eq!(frank, m.frank);
        let received = m.received();
        let v = view(&key);
        let verified =
            assert_no_heap("verify on arrival", || verify_received(&received, &v)).unwrap();
        let history = FixedHistory {
            franks: [ServerFrank::from_bytes([0; 32]); 2],
            last: TIMESTAMP - 1,
        };
        assert_no_heap("check the history", || {
            check_history(&verified, &received.frank, &history, true)
        })
        .unwrap();

        let messages = [m.abusive(), m.abusive()];
        let report = NewAbuseReport {
            reporting_user: b"",
            alleged_abuser_uri: SENDER,
            reason_code: 0,
            note: "n",
            messages: &messages,
            extensions: &[],
        };
        let mut out = vec![0u8; report.encoded_len().unwrap()];
        assert_no_heap("encode", || report.encode_into(&mut out)).unwrap();
        let keys = [hub_key(9), hub_key(1), hub_key(8)];
        let vks = [key];
        let mut slots = [None; 2];
        let count = assert_no_heap("decode and verify a report", || {
            let decoded = AbuseReport::decode(&out).unwrap();
            verify_abuse_report(&keys, &vks, &decoded, parse, &mut slots).map(|v| v.len())
        })
        .unwrap();
        assert_eq!(count, 2);
    }
}
