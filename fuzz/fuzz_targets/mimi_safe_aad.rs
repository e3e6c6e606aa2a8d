//! Arbitrary bytes as an MLS `authenticated_data` holding a `SafeAAD`, read
//! for the `frank_aad` component (SPEC.md 17.3). The first two input bytes
//! choose the component id.
//!
//! Properties: `find_in_safe_aad` accepts exactly what the reference reader
//! accepts (a vector of `u16 || V(data)` items, ids strictly increasing, the
//! chosen item exactly 32 bytes), finds the same tag, and returns the same
//! bytes after the `SafeAAD`.
#![no_main]

use franking::mimi::FrankingTag;
use franking_fuzz::mimi::Cursor;
use libfuzzer_sys::fuzz_target;

fn reference(aad: &[u8], id: u16) -> Option<(Option<[u8; 32]>, &[u8])> {
    let mut outer = Cursor { rest: aad };
    let mut items = Cursor {
        rest: outer.vector()?,
    };
    let mut found = None;
    let mut last: Option<u16> = None;
    while !items.rest.is_empty() {
        let this = items.int(2)? as u16;
        if last.is_some_and(|l| this <= l) {
            return None;
        }
        last = Some(this);
        let data = items.vector()?;
        if this == id {
            found = Some(<[u8; 32]>::try_from(data).ok()?);
        }
    }
    Some((found, outer.rest))
}

fuzz_target!(|data: &[u8]| {
    let Some((id, aad)) = data.split_first_chunk::<2>() else {
        return;
    };
    let id = u16::from_be_bytes(*id);
    let expected = reference(aad, id);
    match FrankingTag::find_in_safe_aad(aad, id) {
        Err(_) => assert!(expected.is_none(), "the library rejected a valid SafeAAD"),
        Ok((tag, rest)) => {
            let (want, want_rest) = expected.expect("the library accepted an invalid SafeAAD");
            assert_eq!(tag.map(|t| t.to_bytes()), want);
            assert_eq!(rest, want_rest);
        }
    }
});
