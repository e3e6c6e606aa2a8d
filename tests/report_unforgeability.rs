//! Report forgery: the moderator rejects a report in which any field was
//! changed: message, header, opening, franking tag, each context field, the
//! stamp's key id and the stamp's MAC, each with the precise error the spec
//! names (`Invalid` for cryptographic mismatches, `UnknownKey` for a key id the
//! keyring does not hold).

mod common;

use common::{NOW, ReportParts, Scenario, TestRng, positions};
use franking::{Error, KeyId, PlatformKey};

fn scenario(len: usize) -> Scenario {
    let message: Vec<u8> = (0..len).map(|i| (i * 7 % 256) as u8).collect();
    Scenario::new(300 + len as u64, b"the header", &message)
}

/// Applies `change` to the honest report's fields and verifies the result.
fn verify_changed(s: &Scenario, change: impl FnOnce(&mut ReportParts)) -> Result<(), Error> {
    let mut parts = s.report_parts();
    let before = parts.clone();
    change(&mut parts);
    assert_ne!(parts, before, "the change must change something");
    s.verify(&parts.encode())
}

#[test]
fn honest_report_verifies() {
    // The baseline every tamper test below starts from.
    for len in [0, 1, 100, 8193] {
        let s = scenario(len);
        assert_eq!(s.verify(&s.report_bytes()), Ok(()));
        assert_eq!(s.verify(&s.report_parts().encode()), Ok(()));
    }
}

#[test]
fn report_with_a_modified_message_is_invalid() {
    let mut rng = TestRng(301);
    for len in [1usize, 64, 100, 8193, 20000] {
        let s = scenario(len);
        for at in positions(len, &mut rng) {
            let r = verify_changed(&s, |p| p.message[at] ^= 0x01);
            assert_eq!(r, Err(Error::Invalid), "len {len}, byte {at}");
        }
        let r = verify_changed(&s, |p| {
            p.message.pop();
        });
        assert_eq!(r, Err(Error::Invalid), "len {len}, truncated");
        let r = verify_changed(&s, |p| p.message.push(0));
        assert_eq!(r, Err(Error::Invalid), "len {len}, extended");
    }
    let s = scenario(0);
    assert_eq!(
        verify_changed(&s, |p| p.message.push(0)),
        Err(Error::Invalid)
    );
}

#[test]
fn report_with_a_modified_header_is_invalid() {
    let s = scenario(50);
    for at in 0..s.header.len() {
        let r = verify_changed(&s, |p| p.header[at] ^= 0x20);
        assert_eq!(r, Err(Error::Invalid), "header byte {at}");
    }
    assert_eq!(
        verify_changed(&s, |p| p.header.clear()),
        Err(Error::Invalid)
    );
    assert_eq!(
        verify_changed(&s, |p| p.header.push(b'!')),
        Err(Error::Invalid)
    );
}

#[test]
fn report_with_a_modified_opening_is_invalid() {
    let s = scenario(50);
    for at in 0..32 {
        for mask in [0x01, 0x80] {
            let r = verify_changed(&s, |p| p.opening[at] ^= mask);
            assert_eq!(r, Err(Error::Invalid), "opening byte {at}");
        }
    }
    assert_eq!(
        verify_changed(&s, |p| p.opening = [0; 32]),
        Err(Error::Invalid)
    );
}

#[test]
fn report_with_a_modified_franking_tag_is_invalid() {
    let s = scenario(50);
    for at in 0..32 {
        for mask in [0x01, 0x80] {
            let r = verify_changed(&s, |p| p.franking_tag[at] ^= mask);
            assert_eq!(r, Err(Error::Invalid), "franking tag byte {at}");
        }
    }
}

#[test]
fn report_with_a_modified_stamp_mac_is_invalid() {
    let s = scenario(50);
    for at in 0..32 {
        for mask in [0x01, 0x80] {
            let r = verify_changed(&s, |p| p.mac[at] ^= mask);
            assert_eq!(r, Err(Error::Invalid), "stamp mac byte {at}");
        }
    }
    assert_eq!(verify_changed(&s, |p| p.mac = [0; 32]), Err(Error::Invalid));
}

#[test]
fn report_with_a_modified_sender_is_invalid() {
    let s = scenario(10);
    for at in 0..s.sender.len() {
        let r = verify_changed(&s, |p| p.sender[at] ^= 0x01);
        assert_eq!(r, Err(Error::Invalid), "sender byte {at}");
    }
    assert_eq!(
        verify_changed(&s, |p| p.sender.clear()),
        Err(Error::Invalid)
    );
    assert_eq!(
        verify_changed(&s, |p| p.sender.push(b'x')),
        Err(Error::Invalid)
    );
    assert_eq!(
        verify_changed(&s, |p| p.sender = b"mallory@example".to_vec()),
        Err(Error::Invalid)
    );
}

#[test]
fn report_with_a_modified_recipient_is_invalid() {
    let s = scenario(10);
    for at in 0..s.recipient.len() {
        let r = verify_changed(&s, |p| p.recipient[at] ^= 0x01);
        assert_eq!(r, Err(Error::Invalid), "recipient byte {at}");
    }
    assert_eq!(
        verify_changed(&s, |p| p.recipient.clear()),
        Err(Error::Invalid)
    );
    assert_eq!(
        verify_changed(&s, |p| p.recipient.push(b'x')),
        Err(Error::Invalid)
    );
}

#[test]
fn report_with_a_modified_message_id_is_invalid() {
    let s = scenario(10);
    for at in 0..s.message_id.len() {
        let r = verify_changed(&s, |p| p.message_id[at] ^= 0x01);
        assert_eq!(r, Err(Error::Invalid), "message id byte {at}");
    }
    assert_eq!(
        verify_changed(&s, |p| p.message_id.clear()),
        Err(Error::Invalid)
    );
    assert_eq!(
        verify_changed(&s, |p| p.message_id.push(b'x')),
        Err(Error::Invalid)
    );
}

#[test]
fn report_with_a_modified_timestamp_is_invalid() {
    let s = scenario(10);
    // Every changed timestamp that is still within the keyring's window.
    for delta in [1i64, -1, 2, -2, 60, -60, 3_600, -3_600, 256, -(1 << 16)] {
        let r = verify_changed(&s, |p| p.timestamp = p.timestamp.wrapping_add_signed(delta));
        assert_eq!(r, Err(Error::Invalid), "timestamp delta {delta}");
    }
    // Flips of the low bits move it by at most 2^11 s, within the window.
    for bit in 0..12 {
        let r = verify_changed(&s, |p| p.timestamp ^= 1 << bit);
        assert_eq!(r, Err(Error::Invalid), "timestamp bit {bit}");
    }
}

#[test]
fn report_with_a_stamp_relabelled_to_another_held_key_is_invalid() {
    let mut s = scenario(10);
    let other = PlatformKey::generate(
        KeyId::new(8),
        franking::KeyInterval::starting_at(0),
        &mut s.rng,
    )
    .unwrap();
    s.keyring.insert(other).unwrap();
    assert_eq!(s.verify(&s.report_bytes()), Ok(()));
    assert_eq!(verify_changed(&s, |p| p.key_id = 8), Err(Error::Invalid));
}

#[test]
fn report_with_a_stamp_relabelled_to_a_key_with_the_same_bytes_is_invalid() {
    // The key id is inside the stamp MAC: the same key bytes under another id
    // do not verify the stamp.
    let mut rng = TestRng(310);
    let key_bytes: [u8; 32] = rng.array();
    let mut s = scenario(10);
    s.keyring = franking::Keyring::new(
        PlatformKey::from_bytes(
            KeyId::new(7),
            franking::KeyInterval::starting_at(0),
            &mut key_bytes.clone(),
        )
        .unwrap(),
        86_400,
    );
    s.keyring
        .insert(
            PlatformKey::from_bytes(
                KeyId::new(8),
                franking::KeyInterval::starting_at(0),
                &mut key_bytes.clone(),
            )
            .unwrap(),
        )
        .unwrap();
    assert_eq!(s.verify(&s.report_bytes()), Ok(()));
    assert_eq!(verify_changed(&s, |p| p.key_id = 8), Err(Error::Invalid));
}

#[test]
fn report_with_a_stamp_relabelled_to_an_unknown_key_is_unknown_key() {
    let s = scenario(10);
    for id in [0u32, 6, 8, 0x0100_0007, u32::MAX] {
        assert_eq!(
            verify_changed(&s, |p| p.key_id = id),
            Err(Error::UnknownKey {
                key_id: KeyId::new(id)
            }),
            "id {id}"
        );
    }
}

#[test]
fn report_verified_against_another_platforms_keyring_is_rejected() {
    let s = scenario(10);
    let mut rng = TestRng(311);
    // Same key id, different key bytes: the MAC fails.
    let same_id = franking::Keyring::new(
        PlatformKey::generate(
            KeyId::new(7),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    assert_eq!(
        common::verify_encoded(&same_id, NOW, &s.report_bytes()),
        Err(Error::Invalid)
    );
    // Different key id: unknown.
    let other_id = franking::Keyring::new(
        PlatformKey::generate(
            KeyId::new(9),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    assert_eq!(
        common::verify_encoded(&other_id, NOW, &s.report_bytes()),
        Err(Error::UnknownKey {
            key_id: KeyId::new(7)
        })
    );
}

#[test]
fn every_single_bit_flip_of_a_report_encoding_is_rejected() {
    let s = scenario(40);
    let bytes = s.report_bytes();
    for at in 0..bytes.len() {
        for bit in 0..8 {
            let mut bad = bytes.clone();
            bad[at] ^= 1 << bit;
            assert!(s.verify(&bad).is_err(), "byte {at}, bit {bit} accepted");
        }
    }
}
