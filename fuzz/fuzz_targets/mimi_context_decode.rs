//! Arbitrary bytes as a `ServerFrankingContext` (SPEC.md 17.4).
//!
//! Properties: `decode` accepts exactly what the reference parser accepts
//! (two shortest-form vectors and a `u64`, nothing after), reads the same
//! fields, and re-encodes to the input with `encoded_len` its exact size.
#![no_main]

use franking::mimi::ServerFrankingContext;
use franking_fuzz::mimi::Cursor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut c = Cursor { rest: data };
    let reference = (|| {
        let v = (c.vector()?, c.vector()?, c.int(8)?);
        c.rest.is_empty().then_some(v)
    })();
    match ServerFrankingContext::decode(data) {
        Err(_) => assert!(reference.is_none(), "the library rejected a valid context"),
        Ok(ctx) => {
            let (s, r, t) = reference.expect("the library accepted an invalid context");
            assert_eq!(
                (ctx.sender_uri, ctx.room_uri, ctx.accepted_timestamp),
                (s, r, t)
            );
            assert_eq!(ctx.encoded_len(), Ok(data.len()));
            let mut out = vec![0u8; data.len()];
            assert_eq!(ctx.encode_into(&mut out), Ok(data.len()));
            assert_eq!(out, data);
        }
    }
});
