//! Arbitrary bytes as a MIMI `AbuseReport` (SPEC.md 17.9, 17.10).
//!
//! Properties: `AbuseReport::decode` accepts exactly what the independent
//! reference parser accepts and reads the same fields; an accepted input
//! re-encodes to itself, and is rejected cut or extended by one byte; the
//! hub's verification of each message (two hub keys, three suites) never
//! panics, and succeeds only for a message whose content, server frank and
//! timestamp are those of a genuine franked message: nothing else verifies.
#![no_main]

use std::sync::LazyLock;

use franking::mimi::{
    AbuseReport, AbusiveMessage, Extension, HubKey, HubVerifyingKey, NewAbuseReport,
    verify_abusive_message,
};
use franking_fuzz::mimi::{Genuine, genuine, hub_keys, parse, ref_report, verifying_keys};
use libfuzzer_sys::fuzz_target;

static KEYS: LazyLock<[HubKey; 2]> = LazyLock::new(hub_keys);
static VKS: LazyLock<Vec<HubVerifyingKey>> = LazyLock::new(verifying_keys);
static GENUINE: LazyLock<Vec<Genuine>> = LazyLock::new(genuine);

fuzz_target!(|data: &[u8]| {
    let reference = ref_report(data);
    let report = match AbuseReport::decode(data) {
        Ok(report) => report,
        Err(_) => {
            assert!(
                reference.is_none(),
                "the library rejected what the specification accepts"
            );
            return;
        }
    };
    let r = reference.expect("the library accepted what the specification rejects");
    assert_eq!(report.reporting_user, r.reporting_user);
    assert_eq!(report.alleged_abuser_uri, r.alleged_abuser_uri);
    assert_eq!(report.reason_code, r.reason);
    assert_eq!(report.note.as_bytes(), r.note);
    let messages: Vec<AbusiveMessage<'_>> = report.messages().collect();
    let extensions: Vec<Extension<'_>> = report.extensions().collect();
    assert_eq!(messages.len(), r.messages.len());
    assert_eq!(report.message_count(), r.messages.len());
    for (m, (content, (sf, suite, sig), ts)) in messages.iter().zip(&r.messages) {
        assert_eq!(m.message_content, *content);
        assert_eq!(&m.frank.server_frank.as_bytes()[..], *sf);
        assert_eq!(m.frank.cipher_suite, *suite);
        assert_eq!(m.frank.signature, *sig);
        assert_eq!(m.accepted_timestamp, *ts);
    }
    assert_eq!(
        extensions
            .iter()
            .map(|e| (e.extension_type, e.extension_data))
            .collect::<Vec<_>>(),
        r.extensions
    );

    let again = NewAbuseReport {
        reporting_user: report.reporting_user,
        alleged_abuser_uri: report.alleged_abuser_uri,
        reason_code: report.reason_code,
        note: report.note,
        messages: &messages,
        extensions: &extensions,
    };
    let n = again.encoded_len().unwrap();
    assert_eq!(n, data.len());
    let mut out = vec![0u8; n];
    assert_eq!(again.encode_into(&mut out), Ok(n));
    assert_eq!(out, data, "not canonical");
    assert!(
        AbuseReport::decode(&data[..n - 1]).is_err(),
        "a strict prefix decoded"
    );
    let mut longer = data.to_vec();
    longer.push(0);
    assert!(
        AbuseReport::decode(&longer).is_err(),
        "trailing byte accepted"
    );

    for m in &messages {
        if verify_abusive_message(&KEYS[..], &VKS, m, parse).is_ok() {
            assert!(
                GENUINE.iter().any(|g| g.content == m.message_content
                    && g.frank.server_frank == m.frank.server_frank
                    && g.timestamp == m.accepted_timestamp
                    && g.frank.cipher_suite.to_u16() == m.frank.cipher_suite),
                "a message verified that the hub never franked"
            );
        }
    }
});
