//! An Ed25519 hub verifying key loads only in its one canonical encoding
//! and only as a point of the prime-order subgroup (SPEC.md 17.6): a key
//! that another encoding also names, or that carries a torsion component,
//! would be judged differently by other verifiers (dalek hashes `A` as
//! given; a cofactored verifier ignores the torsion), so it is refused.
#![cfg(feature = "mimi")]

mod mimi_common;

use franking::Error;
use franking::mimi::{CipherSuite, HubVerifyingKey};
use mimi_common::*;

const ED25519: CipherSuite = CipherSuite::X25519Aes128GcmEd25519;

/// `p = 2^255 - 19`, little-endian.
const P: [u8; 32] = {
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
};

fn malformed() -> Error {
    Error::Malformed {
        field: "verifying key",
        offset: 0,
    }
}

/// `y + p` for a small `y` (so that it fits 255 bits): another encoding of
/// the point whose `y` is `y`, sign bit 0.
fn plus_p(y: u8) -> [u8; 32] {
    let mut b = P;
    b[0] = 0xed + y;
    b
}

/// The encoding of `A + (0, -1)` = `(-x, -y)`: `y' = p - y`, sign flipped.
/// `(0, -1)` has order 2, so the sum is a valid point, not of small order,
/// outside the prime-order subgroup.
fn with_torsion(a: &[u8; 32]) -> [u8; 32] {
    let mut y = *a;
    y[31] &= 0x7f;
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in 0..32 {
        let d = i16::from(P[i]) - i16::from(y[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = (d + 256 * borrow) as u8;
    }
    out[31] |= (a[31] & 0x80) ^ 0x80;
    out
}

/// The `y < 19` that are `y` of a curve point (computed from RFC 8032
/// 5.1.3's decoding): each has a second encoding `y + p` below `2^255`,
/// which dalek decodes to the same point. None of these points is in the
/// prime-order subgroup, so the torsion check refuses them as well as the
/// canonical-encoding check: each alone is enough (SPEC.md 17.6).
const SMALL_Y_POINTS: [u8; 10] = [3, 4, 5, 6, 9, 10, 14, 15, 16, 18];

#[test]
fn non_canonical_encodings_of_valid_points_are_refused() {
    for y in 0u8..=18 {
        assert_eq!(
            HubVerifyingKey::from_bytes(ED25519, &plus_p(y)).unwrap_err(),
            malformed(),
            "y = {y} + p loads (a point: {})",
            SMALL_Y_POINTS.contains(&y)
        );
    }
}

#[test]
fn keys_with_a_torsion_component_are_refused() {
    for seed in 0..8 {
        let vk = signing_key(ED25519, seed).verifying_key();
        let (bytes, n) = vk.to_bytes();
        let a: [u8; 32] = bytes[..n].try_into().unwrap();
        assert!(HubVerifyingKey::from_bytes(ED25519, &a).is_ok());
        let mixed = with_torsion(&a);
        // Still the encoding of a point: negating it back gives `A`.
        assert_eq!(with_torsion(&mixed), a);
        assert_eq!(
            HubVerifyingKey::from_bytes(ED25519, &mixed).unwrap_err(),
            malformed(),
            "seed {seed}"
        );
    }
}

#[test]
fn small_order_points_are_refused() {
    // The identity (y = 1) and the point of order 2 (y = -1).
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut minus_one = P;
    minus_one[0] -= 1;
    for key in [identity, minus_one] {
        assert_eq!(
            HubVerifyingKey::from_bytes(ED25519, &key).unwrap_err(),
            malformed()
        );
    }
}
