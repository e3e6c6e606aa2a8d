//! SplitMix64: a fast deterministic RNG shared by the tests, benches and the
//! ratios example, so that runs are reproducible and the RNG does not dominate
//! what is measured. Never use it for real keys.

use franking::rand_core::{Infallible, TryCryptoRng, TryRng};

/// SplitMix64 with a public seed.
pub struct SplitMix(pub u64);

impl TryRng for SplitMix {
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

/// Not cryptographic: the marker lets tests pass it where the crate wants a CryptoRng.
impl TryCryptoRng for SplitMix {}
