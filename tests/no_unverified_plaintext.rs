//! Release of unverified plaintext: after every failed `open_in_place` the
//! caller's buffer holds the original ciphertext again, byte for byte, never
//! (even partly) decrypted data, for messages across the 8 KiB chunk boundaries,
//! in each suite.

mod common;

use common::{SIZES, SUITES, TestRng, seal};
use franking::{Envelope, Error, FrankingTag, IntegrityTag, MessageKey, Nonce};

const HEADER: &[u8] = b"header";

/// Opens in place and returns the error and the buffer as it was left.
fn failed_open(key: &MessageKey, envelope: &Envelope, header: &[u8], ct: &[u8]) -> Vec<u8> {
    let mut buf = ct.to_vec();
    let result = key.open_in_place(envelope, header, &mut buf).map(|_| ());
    assert_eq!(result, Err(Error::Invalid));
    buf
}

#[test]
fn failed_open_leaves_the_ciphertext_in_the_buffer_for_every_kind_of_failure() {
    for suite in SUITES {
        let mut rng = TestRng(200);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        let other = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in SIZES {
            // A recognisable plaintext, so any leaked plaintext byte would show.
            let message: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let (ct, env) = seal(&key, &mut rng, HEADER, &message);

            let mut ftag = env.franking_tag().to_bytes();
            ftag[31] ^= 1;
            let mut itag = env.integrity_tag().to_bytes();
            itag[0] ^= 1;
            let mut nonce = env.nonce().to_bytes();
            nonce[23] ^= 1;
            let envelopes = [
                (
                    "franking tag",
                    Envelope::new(
                        *env.nonce(),
                        FrankingTag::from_bytes(ftag),
                        *env.integrity_tag(),
                    ),
                ),
                (
                    "integrity tag",
                    Envelope::new(
                        *env.nonce(),
                        *env.franking_tag(),
                        IntegrityTag::from_bytes(itag),
                    ),
                ),
                (
                    "nonce",
                    Envelope::new(
                        Nonce::from_bytes(nonce),
                        *env.franking_tag(),
                        *env.integrity_tag(),
                    ),
                ),
            ];
            for (what, bad) in &envelopes {
                assert_eq!(
                    failed_open(&key, bad, HEADER, &ct),
                    ct,
                    "len {len}, bad {what}"
                );
            }
            assert_eq!(
                failed_open(&key, &env, b"other header", &ct),
                ct,
                "len {len}, header"
            );
            assert_eq!(
                failed_open(&other, &env, HEADER, &ct),
                ct,
                "len {len}, wrong key"
            );
            if len > 0 {
                for at in [0, len / 2, len - 1] {
                    let mut bad = ct.clone();
                    bad[at] ^= 0x80;
                    assert_eq!(
                        failed_open(&key, &env, HEADER, &bad),
                        bad,
                        "len {len}, byte {at}"
                    );
                }
            }
        }
    }
}

#[test]
fn failed_open_of_a_random_buffer_leaves_it_unchanged() {
    for suite in SUITES {
        // Not a sealed message at all: whatever bytes the caller passed come back.
        let mut rng = TestRng(201);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in SIZES {
            let junk = rng.bytes(len);
            let env = Envelope::decode(&rng.bytes(88)).unwrap();
            assert_eq!(failed_open(&key, &env, HEADER, &junk), junk, "len {len}");
        }
    }
}

#[test]
fn buffer_holds_plaintext_only_after_a_successful_open() {
    for suite in SUITES {
        // The contrast case, so the checks above cannot pass by never decrypting.
        let mut rng = TestRng(202);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in &[1usize, 8192, 8193] {
            let message = rng.bytes(len);
            let (ct, env) = seal(&key, &mut rng, HEADER, &message);
            let mut buf = ct.clone();
            key.open_in_place(&env, HEADER, &mut buf).unwrap();
            assert_eq!(buf, message);
        }
    }
}
