//! Ciphertext integrity of the committing AEAD, in each suite: `open_in_place` rejects with
//! `Error::Invalid` any change to the ciphertext, the integrity tag, the
//! franking tag, the nonce or the header, and any other key; and it keeps
//! rejecting forgeries after the opening has been revealed in a report
//! (multiple-opening security).

mod common;

use common::{SIZES, SUITES, TestRng, commit_with_opening, open, positions, seal};
use franking::{Envelope, Error, FrankingTag, IntegrityTag, MessageKey, Nonce};

const HEADER: &[u8] = b"conversation 42, epoch 7";

fn flip(bytes: &mut [u8], at: usize, mask: u8) {
    bytes[at] ^= mask;
}

#[test]
fn open_rejects_every_modified_ciphertext_byte() {
    for suite in SUITES {
        let mut rng = TestRng(100);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in SIZES {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            for at in positions(len, &mut rng) {
                let masks: &[u8] = if len <= 300 {
                    &[0x01, 0x80, 0xff]
                } else {
                    &[0x01]
                };
                for &mask in masks {
                    let mut bad = ciphertext.clone();
                    flip(&mut bad, at, mask);
                    assert_eq!(
                        open(&key, &envelope, HEADER, &bad),
                        Err(Error::Invalid),
                        "len {len}, byte {at}, mask {mask:#x}"
                    );
                }
            }
        }
    }
}

#[test]
fn open_rejects_truncated_or_extended_ciphertext() {
    for suite in SUITES {
        let mut rng = TestRng(101);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in SIZES {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            if len > 0 {
                let short = &ciphertext[..len - 1];
                assert_eq!(
                    open(&key, &envelope, HEADER, short),
                    Err(Error::Invalid),
                    "len {len}"
                );
                let tail = &ciphertext[1..];
                assert_eq!(
                    open(&key, &envelope, HEADER, tail),
                    Err(Error::Invalid),
                    "len {len}"
                );
            }
            for extra in [0u8, 0x42] {
                let mut long = ciphertext.clone();
                long.push(extra);
                assert_eq!(
                    open(&key, &envelope, HEADER, &long),
                    Err(Error::Invalid),
                    "len {len}"
                );
            }
        }
    }
}

#[test]
fn open_rejects_every_modified_integrity_tag_byte() {
    for suite in SUITES {
        let mut rng = TestRng(102);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in &[0usize, 1, 64, 8193] {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            for at in 0..IntegrityTag::LEN {
                for mask in [0x01, 0x80] {
                    let mut itag = envelope.integrity_tag().to_bytes();
                    flip(&mut itag, at, mask);
                    let bad = Envelope::new(
                        *envelope.nonce(),
                        *envelope.franking_tag(),
                        IntegrityTag::from_bytes(itag),
                    );
                    assert_eq!(
                        open(&key, &bad, HEADER, &ciphertext),
                        Err(Error::Invalid),
                        "len {len}, byte {at}"
                    );
                }
            }
            let zero = Envelope::new(
                *envelope.nonce(),
                *envelope.franking_tag(),
                IntegrityTag::from_bytes([0; 32]),
            );
            assert_eq!(open(&key, &zero, HEADER, &ciphertext), Err(Error::Invalid));
        }
    }
}

#[test]
fn open_rejects_every_modified_franking_tag_byte() {
    for suite in SUITES {
        let mut rng = TestRng(103);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in &[0usize, 1, 64, 8193] {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            for at in 0..FrankingTag::LEN {
                for mask in [0x01, 0x80] {
                    let mut ftag = envelope.franking_tag().to_bytes();
                    flip(&mut ftag, at, mask);
                    let bad = Envelope::new(
                        *envelope.nonce(),
                        FrankingTag::from_bytes(ftag),
                        *envelope.integrity_tag(),
                    );
                    assert_eq!(
                        open(&key, &bad, HEADER, &ciphertext),
                        Err(Error::Invalid),
                        "len {len}, byte {at}"
                    );
                }
            }
        }
    }
}

#[test]
fn open_rejects_every_modified_nonce_byte() {
    for suite in SUITES {
        let mut rng = TestRng(104);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in &[0usize, 1, 64, 8193] {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            for at in 0..Nonce::LEN {
                for mask in [0x01, 0x80] {
                    let mut nonce = envelope.nonce().to_bytes();
                    flip(&mut nonce, at, mask);
                    let bad = Envelope::new(
                        Nonce::from_bytes(nonce),
                        *envelope.franking_tag(),
                        *envelope.integrity_tag(),
                    );
                    assert_eq!(
                        open(&key, &bad, HEADER, &ciphertext),
                        Err(Error::Invalid),
                        "len {len}, byte {at}"
                    );
                }
            }
        }
    }
}

#[test]
fn open_rejects_every_modified_header() {
    for suite in SUITES {
        let mut rng = TestRng(105);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in &[0usize, 1, 65, 8193] {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            for at in 0..HEADER.len() {
                let mut header = HEADER.to_vec();
                flip(&mut header, at, 0x01);
                assert_eq!(
                    open(&key, &envelope, &header, &ciphertext),
                    Err(Error::Invalid),
                    "len {len}, header byte {at}"
                );
            }
            let short = &HEADER[..HEADER.len() - 1];
            assert_eq!(
                open(&key, &envelope, short, &ciphertext),
                Err(Error::Invalid)
            );
            let mut long = HEADER.to_vec();
            long.push(0);
            assert_eq!(
                open(&key, &envelope, &long, &ciphertext),
                Err(Error::Invalid)
            );
            assert_eq!(open(&key, &envelope, b"", &ciphertext), Err(Error::Invalid));
        }
    }
}

#[test]
fn open_rejects_a_nonempty_header_on_a_message_sealed_with_an_empty_one() {
    for suite in SUITES {
        let mut rng = TestRng(106);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        let (ciphertext, envelope) = seal(&key, &mut rng, b"", b"no header");
        assert_eq!(
            open(&key, &envelope, b"", &ciphertext),
            Ok(b"no header".to_vec())
        );
        assert_eq!(
            open(&key, &envelope, b"\0", &ciphertext),
            Err(Error::Invalid)
        );
    }
}

#[test]
fn open_rejects_a_wrong_key() {
    for suite in SUITES {
        let mut rng = TestRng(107);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in &[0usize, 1, 64, 8193] {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            let other = MessageKey::generate_with_suite(suite, &mut rng);
            assert_eq!(
                open(&other, &envelope, HEADER, &ciphertext),
                Err(Error::Invalid)
            );
            // Keys one bit away from the right one, in every byte.
            for at in 0..32 {
                let mut bytes = *key.as_bytes();
                flip(&mut bytes, at, 0x01 << (at % 8));
                let near = MessageKey::with_suite(suite, bytes);
                assert_eq!(
                    open(&near, &envelope, HEADER, &ciphertext),
                    Err(Error::Invalid),
                    "len {len}, key byte {at}"
                );
            }
        }
    }
}

#[test]
fn open_rejects_a_random_envelope() {
    for suite in SUITES {
        let mut rng = TestRng(108);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        let (ciphertext, _) = seal(&key, &mut rng, HEADER, b"some message");
        for _ in 0..64 {
            let bad = Envelope::decode(&rng.bytes(88)).unwrap();
            assert_eq!(open(&key, &bad, HEADER, &ciphertext), Err(Error::Invalid));
        }
    }
}

/// After a report reveals the opening, anyone holding the report knows the
/// message, the ciphertext, hence the keystream, and can compute franking tags
/// under that opening. The integrity tag must still stop them from making a
/// new ciphertext that the recipient accepts under the same key and nonce.
#[test]
fn ciphertext_integrity_holds_after_the_opening_is_revealed() {
    for suite in SUITES {
        let mut rng = TestRng(109);
        let key = MessageKey::generate_with_suite(suite, &mut rng);
        for &len in &[1usize, 64, 65, 8193] {
            let message = rng.bytes(len);
            let (ciphertext, envelope) = seal(&key, &mut rng, HEADER, &message);
            let mut buf = ciphertext.clone();
            let opening = *key
                .open_in_place(&envelope, HEADER, &mut buf)
                .unwrap()
                .opening()
                .as_bytes();

            // The attacker's forgery: a different message, same keystream, a
            // correct franking tag under the revealed opening, old integrity tag.
            let mut forged_message = message.clone();
            forged_message[0] ^= 0x01;
            let forged_ciphertext: Vec<u8> = ciphertext
                .iter()
                .zip(&message)
                .zip(&forged_message)
                .map(|((c, m), f)| c ^ m ^ f)
                .collect();
            let forged_tag = commit_with_opening(&opening, HEADER, &forged_message);
            let forged = Envelope::new(*envelope.nonce(), forged_tag, *envelope.integrity_tag());
            assert_eq!(
                open(&key, &forged, HEADER, &forged_ciphertext),
                Err(Error::Invalid),
                "len {len}"
            );
            // Same for a changed header over the untouched ciphertext.
            let forged_tag = commit_with_opening(&opening, b"another header", &message);
            let forged = Envelope::new(*envelope.nonce(), forged_tag, *envelope.integrity_tag());
            assert_eq!(
                open(&key, &forged, b"another header", &ciphertext),
                Err(Error::Invalid),
                "len {len}"
            );
        }
    }
}
