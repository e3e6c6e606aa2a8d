//! Arbitrary bytes as a signed receipt off the wire (SPEC.md 18.4).
//!
//! Properties: `SignedReceipt::decode` accepts exactly what a plain reading
//! of 18.4 accepts (written here apart from the library: kind, version and
//! suite bytes, fixed fields (the 32-byte salt included), `n >= 1`,
//! `i < n`, `p = d(i, n)`, the path,
//! a length-prefixed 5.7 receipt, nothing after), with the same error kind
//! where the 18.4 steps decide; an accepted input re-encodes to itself, and
//! one byte less or more is refused; verification under a fixed key never
//! panics, and an input that verifies is one of the signed receipts the
//! seeds come from: anything else the fuzzer makes is `Invalid` or a
//! public error.
#![no_main]

use franking::signed_receipt::SignedReceipt;
use franking::{Error, ErrorKind, ExpectedDelivery, Receipt};
use libfuzzer_sys::fuzz_target;

/// `d(i, n)` of SPEC.md 18.2, recursively.
fn depth(i: u64, n: u64) -> u64 {
    if n == 1 {
        return 0;
    }
    let mut m = 1;
    while m * 2 < n {
        m *= 2;
    }
    1 + if i < m {
        depth(i, m)
    } else {
        depth(i - m, n - m)
    }
}

/// The verdict of 18.4's steps on `b`, as an error kind.
fn reference(b: &[u8]) -> Result<(), ErrorKind> {
    use ErrorKind::{Malformed, UnsupportedVersion, WrongEncoding};
    match b {
        [] => return Err(Malformed),
        // Another encoding of the specification, named (step 1).
        [0x01 | 0x11 | 0x52 | 0x4b | 0x56, ..] => return Err(WrongEncoding),
        _ if b.starts_with(b"franking-v1-mrpt") || b.starts_with(b"franking-v1-subm") => {
            return Err(WrongEncoding);
        }
        [k, ..] if *k != 0x53 => return Err(Malformed),
        [_] => return Err(Malformed),
        [_, v, ..] if *v != 1 => return Err(UnsupportedVersion),
        [_, _] => return Err(Malformed),
        [_, _, s, ..] if *s != 1 => return Err(Malformed),
        _ => {}
    }
    // Through the signature (95 bytes), the salt (32) and the path length.
    if b.len() < 128 {
        return Err(Malformed);
    }
    let n = u64::from(u32::from_be_bytes(b[23..27].try_into().unwrap()));
    let i = u64::from(u32::from_be_bytes(b[27..31].try_into().unwrap()));
    if n == 0 || i >= n || u64::from(b[127]) != depth(i, n) {
        return Err(Malformed);
    }
    let at = 128 + 32 * usize::from(b[127]);
    let len = b
        .get(at..at + 4)
        .ok_or(Malformed)
        .map(|l| u32::from_be_bytes(l.try_into().unwrap()) as usize)?;
    let receipt = b
        .get(at + 4..)
        .filter(|r| r.len() >= len)
        .ok_or(Malformed)?;
    Receipt::decode(&receipt[..len]).map_err(|e| e.kind())?;
    if receipt.len() > len {
        return Err(Malformed);
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let decoded = SignedReceipt::decode(data);
    assert_eq!(
        decoded.as_ref().map(|_| ()).map_err(|e| e.kind()),
        reference(data),
        "decoder and 18.4 disagree"
    );
    let Ok(signed) = decoded else { return };
    let n = data.len();
    assert_eq!(signed.encoded_len(), n);
    let mut again = vec![0u8; n];
    assert_eq!(signed.encode_into(&mut again), Ok(n));
    assert_eq!(again, data, "not canonical");
    assert_eq!(
        signed.encode_into(&mut again[..n - 1]),
        Err(Error::BufferTooSmall { needed: n })
    );
    assert!(
        SignedReceipt::decode(&data[..n - 1]).is_err(),
        "a prefix decoded"
    );
    let mut longer = data.to_vec();
    longer.push(0);
    assert!(
        SignedReceipt::decode(&longer).is_err(),
        "trailing byte accepted"
    );

    // Verification under the seeds' key, with what the receipt names as
    // what the recipient knows (so the public checks pass).
    let key = franking_fuzz::signed::signing_key();
    let keys = [key.verifying_key()];
    let r = signed.receipt();
    let c = r.context();
    let expected =
        ExpectedDelivery::new(c.sender(), c.recipient()).in_conversation(c.conversation());
    // The recipient's clock at the batch time: the signature decides.
    let now = signed.header().batch_time_ms() / 1000;
    match signed.verify(&keys, now, 300, r.franking_tag(), &expected) {
        Ok(v) => assert!(
            franking_fuzz::signed::was_signed(data),
            "verified a signed receipt the seeds' key never signed: {v:?}"
        ),
        Err(e) => assert!(matches!(
            e.kind(),
            ErrorKind::Invalid | ErrorKind::UnknownKey | ErrorKind::OutsideKeyInterval
        )),
    }
});
