//! Measurement only, for `bench/sha256-lanes.js`: how fast WebAssembly can
//! run SHA-256's compression function, the bulk of verifying a report.
//!
//! Verifying a 30-message conversation report natively spends most of its
//! time in SHA-256, on the CPU's SHA instructions; wasm has none. The
//! largest speed-up left to a wasm build is to compress several
//! independent blocks at once in simd128's four 32-bit lanes (the entries
//! of a report are independent). This module measures that ceiling:
//!
//! - `scalar_blocks(n)`: `n` compressions of one stream with `sha2` (its
//!   software backend, or its simd128 backend when built with simd128);
//! - `lanes4_blocks(n)` (simd128 builds): `n` rounds of four compressions,
//!   one per lane, of [`compress4`];
//! - `lanes_agree()`: 0 when every lane of [`compress4`] equals `sha2`'s
//!   compression of the same block and state (checked before timing).
//!
//! Nothing here ships: `franking` and the npm package do not use it.
#![no_std]

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// `n` compressions of one chained stream; returns a word of the state so
/// the work cannot be dropped.
#[unsafe(no_mangle)]
pub extern "C" fn scalar_blocks(n: u32) -> u32 {
    let mut state = [0x6a09_e667u32; 8];
    let block = [[0x5au8; 64]];
    for i in 0..n {
        state[0] ^= i;
        sha2::block_api::compress256(&mut state, &block);
    }
    state[0]
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::*;

    /// SHA-256's round constants (FIPS 180-4, 4.2.2).
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];

    // simd128 has no rotate: two shifts and an or.
    fn rotr(x: v128, n: u32) -> v128 {
        v128_or(u32x4_shr(x, n), u32x4_shl(x, 32 - n))
    }

    fn word(block: &[u8; 64], i: usize) -> u32 {
        let b = &block[4 * i..4 * i + 4];
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    }

    /// Four independent compressions, lane `l` compressing `blocks[l]`
    /// into `states[l]`.
    pub fn compress4(states: &mut [[u32; 8]; 4], blocks: [&[u8; 64]; 4]) {
        let mut w = [u32x4_splat(0); 16];
        for (i, wi) in w.iter_mut().enumerate() {
            *wi = u32x4(
                word(blocks[0], i),
                word(blocks[1], i),
                word(blocks[2], i),
                word(blocks[3], i),
            );
        }
        let lane = |j: usize| u32x4(states[0][j], states[1][j], states[2][j], states[3][j]);
        let init = [
            lane(0),
            lane(1),
            lane(2),
            lane(3),
            lane(4),
            lane(5),
            lane(6),
            lane(7),
        ];
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = init;
        for (t, k) in K.iter().enumerate() {
            let wt = if t < 16 {
                w[t]
            } else {
                let (w15, w2) = (w[(t + 1) & 15], w[(t + 14) & 15]);
                let s0 = v128_xor(v128_xor(rotr(w15, 7), rotr(w15, 18)), u32x4_shr(w15, 3));
                let s1 = v128_xor(v128_xor(rotr(w2, 17), rotr(w2, 19)), u32x4_shr(w2, 10));
                let next = i32x4_add(i32x4_add(w[t & 15], s0), i32x4_add(w[(t + 9) & 15], s1));
                w[t & 15] = next;
                next
            };
            let s1 = v128_xor(v128_xor(rotr(e, 6), rotr(e, 11)), rotr(e, 25));
            let ch = v128_bitselect(f, g, e);
            let t1 = i32x4_add(
                i32x4_add(h, s1),
                i32x4_add(i32x4_add(ch, u32x4_splat(*k)), wt),
            );
            let s0 = v128_xor(v128_xor(rotr(a, 2), rotr(a, 13)), rotr(a, 22));
            let maj = v128_bitselect(a, c, v128_xor(b, c));
            (h, g, f, e, d, c, b, a) = (
                g,
                f,
                e,
                i32x4_add(d, t1),
                c,
                b,
                a,
                i32x4_add(t1, i32x4_add(s0, maj)),
            );
        }
        for (j, v) in [a, b, c, d, e, f, g, h].into_iter().enumerate() {
            let v = i32x4_add(v, init[j]);
            states[0][j] = u32x4_extract_lane::<0>(v);
            states[1][j] = u32x4_extract_lane::<1>(v);
            states[2][j] = u32x4_extract_lane::<2>(v);
            states[3][j] = u32x4_extract_lane::<3>(v);
        }
    }

    /// `n` rounds of four compressions; returns a word of the states.
    #[unsafe(no_mangle)]
    pub extern "C" fn lanes4_blocks(n: u32) -> u32 {
        let mut states = [[0x6a09_e667u32; 8]; 4];
        let blocks = [[0x5au8; 64], [0x5bu8; 64], [0x5cu8; 64], [0x5du8; 64]];
        for i in 0..n {
            states[0][0] ^= i;
            compress4(
                &mut states,
                [&blocks[0], &blocks[1], &blocks[2], &blocks[3]],
            );
        }
        states[0][0] ^ states[3][7]
    }

    /// How many lanes differ from `sha2`'s compression, over a few rounds
    /// of distinct blocks and states (0: all agree).
    #[unsafe(no_mangle)]
    pub extern "C" fn lanes_agree() -> u32 {
        let mut states = [[0u32; 8]; 4];
        let mut blocks = [[0u8; 64]; 4];
        let mut wrong = 0;
        for round in 0..8u32 {
            for (l, (state, block)) in states.iter_mut().zip(blocks.iter_mut()).enumerate() {
                for (i, word) in state.iter_mut().enumerate() {
                    *word = word
                        .wrapping_mul(0x9e37_79b9)
                        .wrapping_add(round * 131 + (l * 8 + i) as u32);
                }
                for (i, byte) in block.iter_mut().enumerate() {
                    *byte = byte
                        .wrapping_mul(31)
                        .wrapping_add((round as usize * 7 + l * 64 + i) as u8);
                }
            }
            let mut expected = states;
            for (state, block) in expected.iter_mut().zip(&blocks) {
                sha2::block_api::compress256(state, core::slice::from_ref(block));
            }
            compress4(
                &mut states,
                [&blocks[0], &blocks[1], &blocks[2], &blocks[3]],
            );
            wrong += states.iter().zip(&expected).filter(|(a, b)| a != b).count() as u32;
        }
        wrong
    }
}
