//! The commitment, stamp, report and moderator are suite-independent: a
//! message sealed in either suite yields a franking tag that is exactly the
//! layer-mode commitment under its opening, and a report that the moderator
//! verifies, with the same verified content, whichever suite sealed it
//! (SPEC.md 4.2, 4.5).

mod common;

use common::{NOW, SIZES, SUITES, TestRng, commit_with_opening, encode, seal};
use franking::{
    Context, Error, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey, Report, verify,
};

#[test]
fn reports_from_both_suites_verify_identically() {
    let mut rng = TestRng(0x5117e);
    let key = PlatformKey::generate(KeyId::new(3), KeyInterval::starting_at(0), &mut rng).unwrap();
    let keyring = Keyring::new(key, 86_400);
    let context = Context::new(b"alice", b"bob", NOW - 60, b"m-1").unwrap();
    for &len in SIZES {
        let header = rng.bytes(len % 23);
        let message = rng.bytes(len);
        let mut verified = Vec::new();
        for suite in SUITES {
            let key = MessageKey::generate_with_suite(suite, &mut rng);
            let (mut buf, envelope) = seal(&key, &mut rng, &header, &message);
            let opened = key.open_in_place(&envelope, &header, &mut buf).unwrap();
            // The franking tag is the suite-independent commitment (SPEC 4.1).
            assert_eq!(
                commit_with_opening(opened.opening().as_bytes(), &header, &message),
                *envelope.franking_tag(),
                "{suite:?}"
            );
            let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();
            let bytes = encode(&opened.report(&context, &stamp));
            let report = Report::decode(&bytes).unwrap();
            let v = verify(&keyring, NOW, &report).unwrap();
            verified.push((
                v.header().to_vec(),
                v.message().to_vec(),
                v.context().sender().to_vec(),
                v.context().timestamp(),
            ));
            // And only the genuine opening verifies (it starts at byte 69).
            let mut tampered = bytes.clone();
            tampered[69] ^= 1;
            let tampered = Report::decode(&tampered).unwrap();
            assert_eq!(
                verify(&keyring, NOW, &tampered).map(|_| ()),
                Err(Error::Invalid),
                "{suite:?}"
            );
        }
        assert_eq!(verified[0], verified[1], "{len} bytes");
        assert_eq!(verified[0].1, message);
    }
}
