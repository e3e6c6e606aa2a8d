//! The whole flow, sender to moderator, succeeds; the simplest forgery fails.

use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::{Context, Error, KeyId, Keyring, MessageKey, PlatformKey, Report, verify};

/// A deterministic RNG for tests (SplitMix64). Never use outside tests.
struct TestRng(u64);

impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
impl TryCryptoRng for TestRng {}

#[test]
fn full_flow_verifies_and_forgery_is_rejected() {
    let mut rng = TestRng(1);
    let key = MessageKey::generate(&mut rng);
    let header = b"chat:42";
    let message = b"hello, abusive world";
    let mut buf = *message;
    let envelope = key.seal_in_place_with_rng(&mut rng, header, &mut buf).unwrap();
    assert_ne!(&buf, message);

    let keyring = Keyring::new(PlatformKey::generate(KeyId::new(1), &mut rng), 86_400);
    let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context);

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
    assert_eq!(verify(&keyring, 1_700_000_100, &forged), Err(Error::Invalid));
}
