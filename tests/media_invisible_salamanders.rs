//! Invisible salamanders on attachments (DGRW18), reproduced and stopped.
//!
//! The baseline is the 2016 attachment design: the franked message holds a
//! pointer (file key, SHA-256 of the ciphertext) and the file is encrypted
//! with a non-committing AEAD. With the key multi-collision corpus of LGR21
//! one ChaCha20-Poly1305 blob opens under ten keys to ten contents, and every
//! pointer to it verifies: the content a report shows need not be what the
//! recipient saw. With media franking a blob opens only to the content its
//! message's root commits to, also when the platform deduplicates blobs.

mod media_common;

use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit};
use franking::Error;
use franking::media::{AttachmentKey, AttachmentOpener, CHUNK_SIZE, verify_media_report};
use media_common::*;
use sha2::{Digest, Sha256};

const CORPUS: &str = include_str!("vectors/key_multicollision_chacha20poly1305.txt");

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The corpus: ten keys and five (nonce, ciphertext, tag) valid under all ten.
type Sealed3 = ([u8; 12], Vec<u8>, [u8; 16]);

fn corpus() -> (Vec<[u8; 32]>, Vec<Sealed3>) {
    let mut keys = Vec::new();
    let mut cts = Vec::new();
    for line in CORPUS.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(list) = line.strip_prefix("keys: ") {
            keys = list
                .split(',')
                .map(|k| unhex(k).try_into().unwrap())
                .collect();
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        cts.push((
            unhex(f[0]).try_into().unwrap(),
            unhex(f[1]),
            unhex(f[2]).try_into().unwrap(),
        ));
    }
    (keys, cts)
}

#[test]
fn baseline_pointer_franking_lets_one_blob_show_ten_contents() {
    let (keys, cts) = corpus();
    let (nonce, blob, tag) = &cts[0];
    let blob_hash = Sha256::digest(blob);
    let mut contents = Vec::new();
    for key in &keys {
        // The franked pointer (key, hash of the blob) matches the stored blob...
        assert_eq!(Sha256::digest(blob), blob_hash);
        // ...and the blob decrypts under this pointer's key.
        let mut buf = blob.clone();
        ChaCha20Poly1305::new(key.into())
            .decrypt_inout_detached(nonce.into(), b"", buf.as_mut_slice().into(), tag.into())
            .unwrap();
        contents.push(buf);
    }
    contents.sort();
    contents.dedup();
    assert_eq!(
        contents.len(),
        10,
        "one deduplicated blob, ten verified contents"
    );
}

#[test]
fn media_blob_opens_only_under_the_key_and_root_it_was_sealed_for() {
    let (keys, cts) = corpus();
    // The corpus ciphertext itself as the attachment's plaintext, sealed under
    // the first corpus key: the other nine keys open nothing.
    let plaintext = &cts[0].1;
    let sealed = seal(keys[0], plaintext);
    for (k, key) in keys.iter().enumerate() {
        let key = AttachmentKey::from_bytes(*key);
        let mut opener = AttachmentOpener::new(&key, sealed.descriptor);
        let mut buf = sealed.ciphertext.clone();
        let result = opener.open_next(&mut buf, &mut &sealed.tree[..]);
        if k == 0 {
            result.unwrap();
            assert_eq!(&buf, plaintext);
        } else {
            assert_eq!(result, Err(Error::Invalid));
            assert_eq!(buf, sealed.ciphertext, "nothing released");
        }
    }
}

/// The dedup scenario: a sender makes one blob that two keys decrypt to two
/// contents (benign and abusive) and sends two messages pointing to it, each
/// with its own descriptor. Each recipient sees what its own message commits
/// to; neither descriptor accepts the other content; a report of either
/// message proves exactly what that recipient saw.
#[test]
fn deduplicated_blob_cannot_show_one_content_and_report_another() {
    let mut rng = TestRng(11);
    let (k1, k2) = (rng.array_bytes(), rng.array_bytes());
    let abusive = bytes(&mut rng, 3 * CHUNK_SIZE + 5);
    let s1 = seal(k1, &abusive);
    // The content that k2 turns the same blob into: its keystream XOR the blob.
    let zeros = vec![0u8; abusive.len()];
    let ks2 = seal(k2, &zeros).ciphertext;
    let benign: Vec<u8> = ks2.iter().zip(&s1.ciphertext).map(|(a, b)| a ^ b).collect();
    let s2 = seal(k2, &benign);
    assert_eq!(s1.ciphertext, s2.ciphertext, "one blob, stored once");
    assert_ne!(s1.descriptor.root(), s2.descriptor.root());

    // Each key with its own descriptor opens to its content; crossed, nothing opens.
    for (key, desc, tree, expect) in [
        (k1, &s1.descriptor, &s1.tree, Some(&abusive)),
        (k2, &s2.descriptor, &s2.tree, Some(&benign)),
        (k1, &s2.descriptor, &s2.tree, None),
        (k2, &s1.descriptor, &s1.tree, None),
        (k2, &s1.descriptor, &s2.tree, None),
    ] {
        let key = AttachmentKey::from_bytes(key);
        let mut opener = AttachmentOpener::new(&key, *desc);
        let mut buf = s1.ciphertext.clone();
        let mut at = 0;
        let mut result = Ok(());
        while let Some(n) = opener.next_chunk_len() {
            result = opener.open_next(&mut buf[at..at + n], &mut &tree[..]);
            if result.is_err() {
                break;
            }
            at += n;
        }
        match expect {
            Some(content) => assert_eq!(&buf, content),
            None => {
                assert_eq!(result, Err(Error::Invalid));
                assert_eq!(buf, s1.ciphertext);
            }
        }
    }

    // Message 1 carries the abusive descriptor: its report proves the abusive
    // content, and claiming the benign content under it fails (and vice versa).
    let m1 = deliver(&mut rng, &[s1.descriptor], b"");
    let honest = media_report(&m1.message_report, 0, k1, &s1, &abusive, 0, 4);
    let v = verify_media_report(&m1.keyring, NOW, &honest).unwrap();
    assert_eq!(v.chunk(0).unwrap(), &abusive[..CHUNK_SIZE]);
    let swapped = media_report(&m1.message_report, 0, k2, &s1, &benign, 0, 4);
    assert_eq!(
        verify_media_report(&m1.keyring, NOW, &swapped).unwrap_err(),
        Error::Invalid
    );
    let m2 = deliver(&mut rng, &[s2.descriptor], b"");
    let swapped = media_report(&m2.message_report, 0, k1, &s2, &abusive, 0, 4);
    assert_eq!(
        verify_media_report(&m2.keyring, NOW, &swapped).unwrap_err(),
        Error::Invalid
    );
    let honest = media_report(&m2.message_report, 0, k2, &s2, &benign, 0, 4);
    verify_media_report(&m2.keyring, NOW, &honest).unwrap();
}
