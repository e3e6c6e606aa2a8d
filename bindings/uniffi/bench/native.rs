//! The native side of the Python benchmark (`bench/bench.py`): what the
//! bindings cost is the binding's time minus these.
//!
//! ```text
//! cargo run --release --example native_bench
//! ```
//!
//! Prints JSON lines like `examples/ratios.rs`:
//! - `seal_aes_native`: the crate's `seal_in_place_with_rng` (AES-256 suite)
//!   of a 64-byte message with a 15-byte header, randomness from the OS as
//!   the bindings draw it;
//! - `conversation_verify_native`: decoding and verifying a 30-message
//!   conversation report of 256-byte messages (`verify_conversation`),
//!   the same shape `bench.py` builds.
//!
//! Each figure is the median over rounds of a batch timed with `Instant`.

use std::hint::black_box;
use std::time::Instant;

use franking::{
    Context, ConversationReport, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey, Suite,
    commit_with_rng, verify_commitment,
};

fn rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

/// Median ns per call of `f` over `rounds` batches of `batch` calls.
fn median_ns(rounds: usize, batch: usize, mut f: impl FnMut()) -> f64 {
    let mut per_call: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            t.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    per_call[per_call.len() / 2]
}

fn main() -> Result<(), franking::Error> {
    let mut r = rng();
    let key = MessageKey::generate_with_suite(Suite::Aes256, &mut r);
    let header = b"conversation 42";
    let message = [0x42u8; 64];
    let ns = median_ns(201, 2_000, || {
        let mut buf = message;
        let env = key.seal_in_place_with_rng(&mut rng(), black_box(header), black_box(&mut buf));
        black_box((env.ok(), buf));
    });
    println!("{{\"op\":\"seal_aes_native\",\"size\":64,\"ns\":{ns:.1}}}");

    // A 30-message excerpt of one conversation, as bench.py builds it.
    const NOW: u64 = 1_760_000_000;
    let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut r)?;
    let keyring = Keyring::new(platform, 30 * 86_400);
    let texts: Vec<Vec<u8>> = (0..30u8).map(|i| vec![i; 256]).collect();
    let ids: Vec<Vec<u8>> = (0..30).map(|i| format!("msg-{i}").into_bytes()).collect();
    let committed: Vec<_> = texts
        .iter()
        .map(|t| commit_with_rng(&mut r, b"", t))
        .collect::<Result<_, _>>()?;
    let contexts: Vec<Context<'_>> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            Context::new(b"alice", b"bob", NOW + i as u64, id)
                .and_then(|c| c.in_conversation(b"dm:alice:bob", 1 + i as u64))
        })
        .collect::<Result<_, _>>()?;
    let stamps: Vec<_> = committed
        .iter()
        .zip(&contexts)
        .map(|((_, tag), c)| keyring.stamp(tag, c))
        .collect::<Result<_, _>>()?;
    let opened: Vec<_> = committed
        .iter()
        .zip(&texts)
        .map(|((o, tag), t)| {
            verify_commitment(b"", t, franking::Opening::from_bytes(*o.as_bytes()), tag)
        })
        .collect::<Result<_, _>>()?;
    let reports: Vec<_> = opened
        .iter()
        .zip(&contexts)
        .zip(&stamps)
        .map(|((o, c), s)| o.report(c, s))
        .collect();
    let mut wire = vec![0u8; ConversationReport::encoded_len(&reports)?];
    ConversationReport::encode_into(&reports, &mut wire)?;
    let now = NOW + 100;
    let ns = median_ns(101, 50, || {
        let report = ConversationReport::decode(black_box(&wire));
        let verdict = report.and_then(|r| {
            franking::conversation::verify_conversation(&keyring, now, &r).map(|v| v.len())
        });
        black_box(verdict.ok());
    });
    println!(
        "{{\"op\":\"conversation_verify_native\",\"messages\":30,\"message_size\":256,\"size\":{},\"ns\":{ns:.1}}}",
        wire.len()
    );
    Ok(())
}
