//! The whole flow, sender to moderator, succeeds; the simplest forgery fails.

mod common;

use common::TestRng;
use franking::{Context, Error, KeyId, Keyring, MessageKey, PlatformKey, Report, verify};

#[test]
fn full_flow_verifies_and_forgery_is_rejected() {
    let mut rng = TestRng(1);
    let key = MessageKey::generate(&mut rng);
    let header = b"chat:42";
    let message = b"hello, abusive world";
    let mut buf = *message;
    let envelope = key
        .seal_in_place_with_rng(&mut rng, header, &mut buf)
        .unwrap();
    assert_ne!(&buf, message);

    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();

    let opened = key.open_in_place(&envelope, header, &mut buf).unwrap();
    assert_eq!(opened.message(), message);
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).unwrap();

    let decoded = Report::decode(&wire).unwrap();
    let verified = verify(&keyring, 1_700_000_100, &decoded).unwrap();
    assert_eq!(verified.message(), message);
    assert_eq!(verified.sender(), b"alice");

    let mut forged = wire.clone();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let forged = Report::decode(&forged).unwrap();
    assert_eq!(
        verify(&keyring, 1_700_000_100, &forged),
        Err(Error::Invalid)
    );
}
