//! Arbitrary bytes as a receipt off the wire (SPEC.md 5.7).
//!
//! Properties: `Receipt::decode` accepts exactly what the reference parser
//! accepts (same error kind otherwise) and reads the same fields; an accepted
//! input re-encodes to itself (exact buffer; a larger buffer keeps its tail;
//! one byte short is `BufferTooSmall`), and the input with its last byte cut
//! or a byte added is rejected; a report built from the receipt and a fixed
//! message encodes, decodes to the same report, and verifies to the
//! reference moderator's decision, without panicking.
#![no_main]

use std::sync::LazyLock;

use franking::{Error, Keyring, Opening, Receipt, Report, verify};
use franking_fuzz::reference::{Rcpt, Rep};
use franking_fuzz::{MAX_AGE, MAX_SKEW, NOW, PLATFORM_KEYS, keyring};
use libfuzzer_sys::fuzz_target;

static RING: LazyLock<Keyring> = LazyLock::new(keyring);

fuzz_target!(|data: &[u8]| {
    let expected = Rcpt::decode(data);
    let receipt = match Receipt::decode(data) {
        Ok(receipt) => receipt,
        Err(e) => {
            assert_eq!(
                Err(e.kind()),
                expected.map(|_| ()),
                "decode error differs from the specification"
            );
            return;
        }
    };
    let reference = expected.expect("the library accepted what the specification rejects");
    assert_eq!(Rcpt::of(&receipt), reference, "fields differ");

    let n = data.len();
    assert_eq!(receipt.encoded_len(), n);
    let mut exact = vec![0u8; n];
    assert_eq!(receipt.encode_into(&mut exact), Ok(n));
    assert_eq!(exact, data);
    assert_eq!(reference.encode(), data);
    let mut larger = vec![0xA5u8; n + 5];
    assert_eq!(receipt.encode_into(&mut larger), Ok(n));
    assert!(
        larger[n..].iter().all(|&b| b == 0xA5),
        "wrote past its length"
    );
    let mut short = vec![0u8; n - 1];
    assert_eq!(
        receipt.encode_into(&mut short),
        Err(Error::BufferTooSmall { needed: n })
    );
    assert!(
        Receipt::decode(&data[..n - 1]).is_err(),
        "a strict prefix decoded"
    );
    let mut longer = data.to_vec();
    longer.push(0);
    assert!(Receipt::decode(&longer).is_err(), "trailing byte accepted");

    // The recipient's report from this receipt and a fixed message.
    let opening = Opening::from_bytes([0x5a; 32]);
    let (header, message) = (&b"chat:42"[..], &b"hello"[..]);
    let report = Report::from_receipt(&receipt, &opening, header, message).expect("short fields");
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).expect("exact buffer");
    let decoded = Report::decode(&wire).expect("a built report decodes");
    assert_eq!(decoded, report);
    let rep = Rep::decode(&wire).expect("the reference decodes it too");
    let now = NOW.min(reference.ctx.timestamp.saturating_add(60));
    assert_eq!(
        verify(&RING, now, &decoded)
            .map(|_| ())
            .map_err(|e| e.kind()),
        rep.verify(&PLATFORM_KEYS, now, MAX_AGE, MAX_SKEW),
        "verdict differs from the reference moderator"
    );
});
