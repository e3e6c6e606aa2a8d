//! The native side of the conversation benchmark (bench/conversation.js):
//! verifies a conversation report natively, the same bytes the browser
//! verifies, and prints the median time per verification in ns.
//!
//! ```text
//! cargo run --release --example conversation_native -- FILE
//! ```
//!
//! FILE holds three lines of hex: the key records (comma-separated), `now`
//! in decimal, the encoded conversation report. Three figures, one JSON line
//! each: `native_facade` (decode, verify and the owned verdict through the
//! facade: the work `verifyConversation` does), `native_facade_object` (the
//! same, the verdict held and no entry copied: `verifyConversationObject`)
//! and `native_core` (decode and
//! `verify_conversation` of the crate, no verdict copies).

use std::hint::black_box;
use std::time::Instant;

use franking::ConversationReport;
use franking::conversation::verify_conversation;
use franking::platform::KeyRecord;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

/// Median over `rounds` of the time per call of batches of `batch` calls.
fn median_ns(rounds: usize, batch: u32, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            t.elapsed().as_nanos() as f64 / f64::from(batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: conversation_native FILE");
    let text = std::fs::read_to_string(path).expect("read FILE");
    let mut lines = text.lines();
    let records: Vec<Vec<u8>> = lines
        .next()
        .expect("records")
        .split(',')
        .map(unhex)
        .collect();
    let now: u64 = lines.next().expect("now").trim().parse().expect("now");
    let report = unhex(lines.next().expect("report").trim());

    let facade_ring = franking_facade::Keyring::verify_only(30 * 24 * 3600, None);
    facade_ring.sync(records.clone()).expect("sync");
    let mut core_ring = franking::Keyring::verify_only(30 * 24 * 3600);
    for r in &records {
        core_ring
            .insert_record(&KeyRecord::decode(r).expect("record"))
            .expect("insert");
    }
    let v = facade_ring
        .verify_conversation(now, report.clone())
        .expect("the report verifies natively");
    assert_eq!(v.entries.len(), 30, "a 30-message report");

    let facade = median_ns(31, 200, || {
        let v = facade_ring.verify_conversation(black_box(now), black_box(report.clone()));
        black_box(v.expect("verifies"));
    });
    let facade_object = median_ns(31, 200, || {
        let v = facade_ring.verify_conversation_object(black_box(now), black_box(report.clone()));
        black_box(v.expect("verifies"));
    });
    let core = median_ns(31, 200, || {
        let decoded = ConversationReport::decode(black_box(&report)).expect("decodes");
        let v = verify_conversation(&core_ring, black_box(now), &decoded);
        black_box(v.expect("verifies"));
    });
    println!("{{\"op\":\"native_facade\",\"ns\":{facade:.1}}}");
    println!("{{\"op\":\"native_facade_object\",\"ns\":{facade_object:.1}}}");
    println!("{{\"op\":\"native_core\",\"ns\":{core:.1}}}");
}
