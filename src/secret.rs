//! Newtypes for secret and public fixed-size byte strings.
//!
//! Secrets are never `Copy`, are zeroized on drop, print as `<redacted>` and
//! compare in constant time. Public values (tags, nonces) are `Copy` but still
//! compare in constant time, because a tag compared with `==` is a timing oracle.

/// Whether `a == b`, in constant time: the OR of the byte differences, with
/// one optimisation barrier at the end (subtle's slice `ct_eq` puts one on
/// every byte).
pub(crate) fn ct_eq_bytes<const N: usize>(a: &[u8; N], b: &[u8; N]) -> subtle::Choice {
    let diff = a.iter().zip(b.iter()).fold(0u8, |d, (x, y)| d | (x ^ y));
    subtle::ConstantTimeEq::ct_eq(&diff, &0u8)
}

/// `ConstantTimeEq`, `PartialEq` and `Eq` through [`ct_eq_bytes`], for a
/// newtype over a byte array.
macro_rules! constant_time_equality {
    ($name:ident) => {
        impl subtle::ConstantTimeEq for $name {
            fn ct_eq(&self, other: &Self) -> subtle::Choice {
                $crate::secret::ct_eq_bytes(&self.0, &other.0)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                subtle::ConstantTimeEq::ct_eq(self, other).into()
            }
        }

        impl Eq for $name {}
    };
}

/// A secret byte string of fixed length.
macro_rules! secret_bytes {
    ($(#[$meta:meta])* $name:ident, $len:expr) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name([u8; $len]);

        impl $name {
            /// Length in bytes.
            pub const LEN: usize = $len;

            /// Wraps secret bytes. The caller's copy is theirs to zeroize.
            pub fn from_bytes(bytes: [u8; $len]) -> Self {
                Self(bytes)
            }

            /// Draws fresh secret bytes from a cryptographic RNG.
            pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
                // Filled in place, so no copy of the secret is left behind.
                let mut secret = Self([0u8; $len]);
                rng.fill_bytes(&mut secret.0);
                secret
            }

            /// An all-zero value to be filled in place by the crate.
            #[allow(dead_code)]
            pub(crate) fn zeroed() -> Self {
                Self([0u8; $len])
            }

            /// The bytes, to fill in place.
            #[allow(dead_code)]
            pub(crate) fn bytes_mut(&mut self) -> &mut [u8; $len] {
                &mut self.0
            }

            /// The secret bytes. Handle with care.
            pub fn as_bytes(&self) -> &[u8; $len] {
                &self.0
            }
        }

        impl TryFrom<&[u8]> for $name {
            type Error = $crate::Error;

            /// Fails with [`Error::Malformed`]($crate::Error::Malformed) unless
            /// `bytes` has exactly the right length.
            fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
                <[u8; $len]>::try_from(bytes)
                    .map(Self)
                    .map_err(|_| $crate::Error::Malformed {
                        field: "length",
                        offset: bytes.len().min($len),
                    })
            }
        }

        $crate::secret::constant_time_equality!($name);

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl zeroize::Zeroize for $name {
            fn zeroize(&mut self) {
                // As a slice: one bulk write and a barrier, not 32 volatile byte stores.
                self.0.as_mut_slice().zeroize();
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                zeroize::Zeroize::zeroize(self.0.as_mut_slice());
            }
        }

        impl zeroize::ZeroizeOnDrop for $name {}
    };
}

/// A public byte string of fixed length, compared in constant time.
macro_rules! public_bytes {
    ($(#[$meta:meta])* $name:ident, $len:expr) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name([u8; $len]);

        impl $name {
            /// Length in bytes.
            pub const LEN: usize = $len;

            /// Wraps bytes received from the wire.
            pub const fn from_bytes(bytes: [u8; $len]) -> Self {
                Self(bytes)
            }

            /// The bytes, as they go on the wire.
            pub const fn as_bytes(&self) -> &[u8; $len] {
                &self.0
            }

            /// The bytes by value.
            pub const fn to_bytes(self) -> [u8; $len] {
                self.0
            }
        }

        impl TryFrom<&[u8]> for $name {
            type Error = $crate::Error;

            /// Fails with [`Error::Malformed`]($crate::Error::Malformed) unless
            /// `bytes` has exactly the right length.
            fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
                <[u8; $len]>::try_from(bytes)
                    .map(Self)
                    .map_err(|_| $crate::Error::Malformed {
                        field: "length",
                        offset: bytes.len().min($len),
                    })
            }
        }

        impl AsRef<[u8]> for $name {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }

        $crate::secret::constant_time_equality!($name);

        impl core::hash::Hash for $name {
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                self.0.hash(state);
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($name), "("))?;
                for b in self.0.iter() {
                    write!(f, "{:02x}", b)?;
                }
                f.write_str(")")
            }
        }
    };
}

pub(crate) use constant_time_equality;
pub(crate) use public_bytes;
pub(crate) use secret_bytes;
