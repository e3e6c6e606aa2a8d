//! Length limits: context ids longer than `MAX_ID_LEN` (65,535 bytes) are
//! refused with `Error::TooLong`; ids of exactly the limit work end to end.

mod common;

use common::{NOW, Scenario};
use franking::{Context, Error, ErrorKind, MAX_HEADER_LEN, MAX_ID_LEN, MAX_MESSAGE_LEN};

#[test]
fn limits_are_as_specified() {
    assert_eq!(MAX_ID_LEN, 65_535);
    assert_eq!(MAX_HEADER_LEN, u32::MAX as usize);
    assert_eq!(MAX_MESSAGE_LEN, u32::MAX as usize);
}

#[test]
fn context_with_an_id_over_the_limit_is_too_long() {
    let long = vec![b'x'; MAX_ID_LEN + 1];
    let much_longer = vec![b'x'; 3 * MAX_ID_LEN];
    for id in [&long, &much_longer] {
        assert_eq!(
            Context::new(id, b"r", NOW, b"m").map_err(|e| e.kind()),
            Err(ErrorKind::TooLong)
        );
        assert_eq!(
            Context::new(b"s", id, NOW, b"m").map_err(|e| e.kind()),
            Err(ErrorKind::TooLong)
        );
        assert_eq!(
            Context::new(b"s", b"r", NOW, id).map_err(|e| e.kind()),
            Err(ErrorKind::TooLong)
        );
        assert_eq!(
            Context::new(id, id, NOW, id).map_err(|e| e.kind()),
            Err(ErrorKind::TooLong)
        );
        let ok = Context::new(b"s", b"r", NOW, b"m").unwrap();
        assert_eq!(
            ok.in_conversation(id, 1).map_err(|e| e.kind()),
            Err(ErrorKind::TooLong)
        );
        assert_eq!(
            ok.with_recipient(id).map_err(|e| e.kind()),
            Err(ErrorKind::TooLong)
        );
    }
}

#[test]
fn context_with_ids_at_the_limit_works_end_to_end() {
    let mut s = Scenario::new(1000, b"h", b"m");
    s.sender = vec![b's'; MAX_ID_LEN];
    s.recipient = vec![b'r'; MAX_ID_LEN];
    s.message_id = vec![b'i'; MAX_ID_LEN];
    s.conversation = vec![b'c'; MAX_ID_LEN];
    let bytes = s.report_bytes();
    assert_eq!(
        bytes.len(),
        franking::wire::REPORT_FIXED_LEN + 4 * MAX_ID_LEN + 2
    );
    assert_eq!(s.verify(&bytes), Ok(()));
    // And the limit still binds: one byte changed at the far end is invalid.
    let mut parts = s.report_parts();
    *parts.message_id.last_mut().unwrap() ^= 1;
    assert_eq!(s.verify(&parts.encode()), Err(Error::Invalid));
}
