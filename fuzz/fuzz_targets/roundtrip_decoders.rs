//! The same arbitrary bytes to every decoder.
//!
//! Properties: `Stamp::decode` and `Envelope::decode` accept exactly the
//! inputs of their fixed length and give them back from `to_bytes`; the
//! fixed-size newtypes' `TryFrom<&[u8]>` accept exactly their length;
//! `Report::decode` errors are `UnsupportedVersion` (or `WrongEncoding`, for
//! another encoding of the crate) for a wrong first byte and
//! `Malformed` otherwise, and an accepted report encodes back to the input
//! (exact buffer; a larger buffer keeps its tail; a buffer one byte short is
//! `BufferTooSmall`), while the input with its last byte cut or one byte added
//! is rejected (the encoding is self-delimiting).
#![no_main]

use franking::wire::{ENVELOPE_LEN, REPORT_VERSION, STAMP_LEN};
use franking::{
    Envelope, Error, ErrorKind, FrankingTag, IntegrityTag, Nonce, Opening, Report, Stamp, StampMac,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match Stamp::decode(data) {
        Ok(stamp) => {
            assert_eq!(data.len(), STAMP_LEN);
            assert_eq!(&stamp.to_bytes()[..], data);
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Malformed);
            assert_ne!(data.len(), STAMP_LEN);
        }
    }

    match Envelope::decode(data) {
        Ok(envelope) => {
            assert_eq!(data.len(), ENVELOPE_LEN);
            assert_eq!(&envelope.to_bytes()[..], data);
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Malformed);
            assert_ne!(data.len(), ENVELOPE_LEN);
        }
    }

    let n = data.len();
    assert_eq!(
        Nonce::try_from(data).map(|x| x.to_bytes().to_vec()),
        exact(data, 24)
    );
    assert_eq!(
        FrankingTag::try_from(data).map(|x| x.to_bytes().to_vec()),
        exact(data, 32)
    );
    assert_eq!(
        IntegrityTag::try_from(data).map(|x| x.to_bytes().to_vec()),
        exact(data, 32)
    );
    assert_eq!(
        StampMac::try_from(data).map(|x| x.to_bytes().to_vec()),
        exact(data, 32)
    );
    assert_eq!(
        Opening::try_from(data).map(|x| x.as_bytes().to_vec()),
        exact(data, 32)
    );

    let report = match Report::decode(data) {
        Ok(report) => report,
        Err(e) => {
            match data.first() {
                Some(&v) if v != REPORT_VERSION => assert!(
                    e == Error::UnsupportedVersion { version: v }
                        || e.kind() == ErrorKind::WrongEncoding
                ),
                _ => assert_eq!(e.kind(), ErrorKind::Malformed),
            }
            return;
        }
    };
    assert_eq!(report.encoded_len(), n);

    let mut exact_buf = vec![0u8; n];
    assert_eq!(report.encode_into(&mut exact_buf), Ok(n));
    assert_eq!(exact_buf, data);

    let mut larger = vec![0xA5u8; n + 7];
    assert_eq!(report.encode_into(&mut larger), Ok(n));
    assert_eq!(&larger[..n], data);
    assert!(
        larger[n..].iter().all(|&b| b == 0xA5),
        "encode_into wrote past its length"
    );

    let mut short = vec![0u8; n - 1];
    assert_eq!(
        report.encode_into(&mut short),
        Err(Error::BufferTooSmall { needed: n })
    );

    assert_eq!(Report::decode(&exact_buf).as_ref(), Ok(&report));
    assert_eq!(report.clone(), report);

    assert_eq!(
        Report::decode(&data[..n - 1]).err().map(|e| e.kind()),
        Some(ErrorKind::Malformed),
        "a strict prefix decoded"
    );
    let mut longer = data.to_vec();
    longer.push(0);
    assert_eq!(
        Report::decode(&longer).err(),
        Some(Error::Malformed {
            field: "trailing bytes",
            offset: n
        }),
        "trailing byte accepted"
    );
});

/// What a fixed-size `TryFrom<&[u8]>` must give: the bytes iff the length is `len`.
fn exact(data: &[u8], len: usize) -> Result<Vec<u8>, Error> {
    if data.len() == len {
        Ok(data.to_vec())
    } else {
        Err(Error::Malformed {
            field: "length",
            offset: data.len().min(len),
        })
    }
}
