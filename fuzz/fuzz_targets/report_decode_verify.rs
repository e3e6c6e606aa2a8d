//! Arbitrary bytes as a report off the wire.
//!
//! Properties: `Report::decode` accepts exactly what the reference parser
//! accepts (same error otherwise) and reads the same fields; every accepted
//! input re-encodes to itself byte for byte; `verify` never panics and, at a
//! range of clocks around the report's timestamp, returns exactly the
//! reference moderator's decision against the fixed keyring.
#![no_main]

use std::sync::LazyLock;

use franking::{Keyring, Report, verify};
use franking_fuzz::reference::Rep;
use franking_fuzz::{MAX_AGE, MAX_SKEW, NOW, PLATFORM_KEYS, keyring};
use libfuzzer_sys::fuzz_target;

static RING: LazyLock<Keyring> = LazyLock::new(keyring);

fuzz_target!(|data: &[u8]| {
    let expected = Rep::decode(data);
    let report = match Report::decode(data) {
        Ok(report) => report,
        Err(e) => {
            assert_eq!(
                Err(e.kind()),
                expected.map(|_| ()),
                "decode error differs from the specification"
            );
            return;
        }
    };
    let expected = expected.expect("library accepted a report the specification rejects");
    assert_eq!(Rep::of(&report), expected, "decoded fields differ");

    assert_eq!(report.encoded_len(), data.len());
    let mut out = vec![0u8; data.len()];
    assert_eq!(report.encode_into(&mut out), Ok(data.len()));
    assert_eq!(out, data, "accepted report does not re-encode to itself");

    let ts = report.context().timestamp();
    let clocks = [
        NOW,
        ts,
        ts.saturating_add(MAX_AGE),
        ts.saturating_add(MAX_AGE + 1),
        ts.saturating_sub(MAX_SKEW),
        ts.saturating_sub(MAX_SKEW + 1),
        0,
        u64::MAX,
    ];
    for now in clocks {
        let got = verify(&RING, now, &report);
        let want = expected.verify(&PLATFORM_KEYS, now, MAX_AGE, MAX_SKEW);
        assert_eq!(
            got.map(|_| ()).map_err(|e| e.kind()),
            want,
            "verify at {now} differs from the specification"
        );
        if let Ok(v) = got {
            assert_eq!(v.sender(), expected.ctx.sender);
            assert_eq!(v.recipient(), expected.ctx.recipient);
            assert_eq!(v.timestamp(), ts);
            assert_eq!(v.message_id(), expected.ctx.message_id);
            assert_eq!(v.header(), expected.header);
            assert_eq!(v.message(), expected.message);
            assert_eq!(v.key_id(), report.stamp().key_id());
            assert_eq!(*v.franking_tag(), report.franking_tag());
            assert_eq!(v.context(), report.context());
        }
    }
});
