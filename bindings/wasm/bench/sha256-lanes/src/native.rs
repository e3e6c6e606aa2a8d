//! The native figure for `bench/sha256-lanes.js`: ns per SHA-256
//! compression of one chained stream with `sha2` (its CPU-detected backend:
//! SHA instructions where the CPU has them), one JSON line.
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let mut state = [0x6a09_e667u32; 8];
    let block = [[0x5au8; 64]];
    let batch = 20_000u32;
    let mut samples: Vec<f64> = (0..31)
        .map(|_| {
            let t = Instant::now();
            for i in 0..batch {
                state[0] ^= i;
                sha2::block_api::compress256(black_box(&mut state), black_box(&block));
            }
            t.elapsed().as_nanos() as f64 / f64::from(batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    black_box(state);
    println!(
        "{{\"op\":\"sha256_block_native\",\"ns\":{:.1}}}",
        samples[15]
    );
}
