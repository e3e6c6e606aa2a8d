//! MLS `SignWithLabel` (RFC 9420 section 5.1.2) against the MLS working
//! group's `crypto-basics` vectors
//! (`tests/vectors/external/mls/crypto-basics-sign-with-label.json`, source
//! in that folder's README.md), for the suites the MIMI profile signs with
//! (SPEC.md 17.6): 1 and 3 (Ed25519) and 2 (ECDSA P-256, DER).
//!
//! Each vector's signature verifies under its public key; a signature with
//! one bit flipped, another label or another content does not. Ed25519 is
//! deterministic, so the crate's own signature must equal the vector's; the
//! vectors' ECDSA signature was drawn with a random nonce, so for suite 2
//! the crate's (RFC 6979) signature must verify instead. Keys are TLS
//! vectors (`V(x)`, SPEC.md 17.2): the test strips the varint prefix.
#![cfg(feature = "mimi")]

mod external_common;

use external_common::hex;
use franking::ErrorKind;
use franking::mimi::{CipherSuite, HubSigningKey, HubVerifyingKey};
use serde_json::Value;

const FILE: &str = include_str!("vectors/external/mls/crypto-basics-sign-with-label.json");

/// The bytes of a TLS vector `V(x)`, checking its one- or two-byte varint.
fn unvector(bytes: &[u8]) -> &[u8] {
    let (len, rest) = match bytes[0] >> 6 {
        0 => (usize::from(bytes[0]), &bytes[1..]),
        1 => (
            (usize::from(bytes[0] & 0x3f) << 8) | usize::from(bytes[1]),
            &bytes[2..],
        ),
        _ => panic!("unexpected varint"),
    };
    assert_eq!(rest.len(), len, "vector length");
    rest
}

#[test]
fn sign_with_label_matches_the_mls_working_group_vectors() {
    let doc: Value = serde_json::from_str(FILE).unwrap();
    let mut checked = Vec::new();
    for case in doc.as_array().unwrap() {
        let number = case["cipher_suite"].as_u64().unwrap() as u16;
        let suite = CipherSuite::from_u16(number).unwrap();
        let v = &case["sign_with_label"];
        let field = |name: &str| hex(v[name].as_str().unwrap());
        let label = v["label"].as_str().unwrap().as_bytes().to_vec();
        let content = field("content");
        let signature = field("signature");
        let private = field("priv");
        let public = field("pub");
        let secret: [u8; 32] = unvector(&private).try_into().unwrap();
        let verifying = HubVerifyingKey::from_bytes(suite, unvector(&public)).unwrap();

        verifying
            .verify_with_label(&label, &content, &signature)
            .unwrap_or_else(|e| panic!("suite {number}: {e}"));

        let signing = HubSigningKey::from_bytes(suite, &secret).unwrap();
        assert_eq!(
            signing.verifying_key(),
            verifying,
            "suite {number}: public key"
        );
        let ours = signing.sign_with_label(&label, &content).unwrap();
        if number == 2 {
            verifying
                .verify_with_label(&label, &content, ours.as_bytes())
                .unwrap();
        } else {
            assert_eq!(
                ours.as_bytes(),
                &signature[..],
                "suite {number}: Ed25519 is deterministic"
            );
        }

        let invalid = |label: &[u8], content: &[u8], signature: &[u8]| {
            verifying
                .verify_with_label(label, content, signature)
                .map_err(|e| e.kind())
        };
        let mut flipped = signature.clone();
        let last = flipped.len() - 1;
        flipped[last / 2] ^= 0x01;
        assert_eq!(invalid(&label, &content, &flipped), Err(ErrorKind::Invalid));
        assert_eq!(
            invalid(b"FrankingIntegrityTBS", &content, &signature),
            Err(ErrorKind::Invalid)
        );
        let mut other = content.clone();
        other[0] ^= 0x80;
        assert_eq!(invalid(&label, &other, &signature), Err(ErrorKind::Invalid));
        checked.push(number);
    }
    assert_eq!(checked, [1, 2, 3], "every kept case was checked");
}
