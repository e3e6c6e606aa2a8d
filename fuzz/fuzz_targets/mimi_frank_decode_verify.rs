//! Arbitrary bytes as a MIMI `Frank` and as an `AbusiveMessage` (SPEC.md
//! 17.7 to 17.9).
//!
//! Properties: each decoder accepts exactly what the reference parser
//! accepts, reads the same fields, re-encodes to the input, and rejects it
//! cut or extended by one byte; a decoded frank checked on arrival against
//! each genuine message (its tag, content, URIs and time) never panics, and
//! verifies only with that message's own server frank and suite.
#![no_main]

use std::sync::LazyLock;

use franking::mimi::{
    AbusiveMessage, Frank, HubVerifyingKey, ReceivedMessage, ReceiverView, verify_received,
};
use franking_fuzz::mimi::{
    Cursor, Genuine, ROOM, SENDER, genuine, ref_frank, ref_message, signing_key,
};
use libfuzzer_sys::fuzz_target;

static GENUINE: LazyLock<Vec<Genuine>> = LazyLock::new(genuine);
static VKS: LazyLock<Vec<HubVerifyingKey>> = LazyLock::new(|| {
    GENUINE
        .iter()
        .map(|g| signing_key(g.frank.cipher_suite).verifying_key())
        .collect()
});

fn whole<'a, T>(data: &'a [u8], f: impl Fn(&mut Cursor<'a>) -> Option<T>) -> Option<T> {
    let mut c = Cursor { rest: data };
    let v = f(&mut c)?;
    c.rest.is_empty().then_some(v)
}

fuzz_target!(|data: &[u8]| {
    // As a frank.
    let reference = whole(data, ref_frank);
    match Frank::decode(data) {
        Err(_) => assert!(
            reference.is_none(),
            "frank: the library rejected a valid one"
        ),
        Ok(frank) => {
            let (sf, suite, sig) = reference.expect("frank: the library accepted an invalid one");
            assert_eq!(&frank.server_frank.as_bytes()[..], sf);
            assert_eq!(frank.cipher_suite, suite);
            assert_eq!(frank.signature, sig);
            let mut out = vec![0u8; frank.encoded_len().unwrap()];
            assert_eq!(frank.encode_into(&mut out), Ok(data.len()));
            assert_eq!(out, data);
            assert!(Frank::decode(&data[..data.len() - 1]).is_err());
            let mut longer = data.to_vec();
            longer.push(0);
            assert!(Frank::decode(&longer).is_err());
            for (g, vk) in GENUINE.iter().zip(VKS.iter()) {
                let message = ReceivedMessage {
                    franking_tag: &g.tag,
                    application_data: &g.content,
                    salt: &g.salt,
                    sender_uri: SENDER,
                    room_uri: ROOM,
                    accepted_timestamp: g.timestamp,
                    frank,
                };
                let view = ReceiverView {
                    franking_agent_key: vk,
                    credential_user_uri: SENDER,
                    room_uri: ROOM,
                };
                if verify_received(&message, &view).is_ok() {
                    assert_eq!(
                        frank.server_frank, g.frank.server_frank,
                        "forged server frank"
                    );
                    assert_eq!(frank.cipher_suite, g.frank.cipher_suite.to_u16());
                }
            }
        }
    }
    // As an abusive message.
    let reference = whole(data, ref_message);
    match AbusiveMessage::decode(data) {
        Err(_) => assert!(
            reference.is_none(),
            "message: the library rejected a valid one"
        ),
        Ok(m) => {
            let (content, (sf, suite, sig), ts) =
                reference.expect("message: the library accepted an invalid one");
            assert_eq!(m.message_content, content);
            assert_eq!(&m.frank.server_frank.as_bytes()[..], sf);
            assert_eq!(
                (
                    m.frank.cipher_suite,
                    m.frank.signature,
                    m.accepted_timestamp
                ),
                (suite, sig, ts)
            );
            let mut out = vec![0u8; m.encoded_len().unwrap()];
            assert_eq!(m.encode_into(&mut out), Ok(data.len()));
            assert_eq!(out, data);
            assert!(AbusiveMessage::decode(&data[..data.len() - 1]).is_err());
        }
    }
});
