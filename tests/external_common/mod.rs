//! What the tests of external suites share: reading the hex their files use.

/// Hex in either case (Wycheproof writes lowercase, ACVP uppercase).
pub fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
