//! Context binding: the stamp binds each context field to its position, so
//! moving values between sender, recipient and message id (or re-splitting the
//! bytes between adjacent ids) makes the report invalid.

mod common;

use common::{NOW, ReportParts, Scenario};
use franking::Error;

fn scenario() -> Scenario {
    let mut s = Scenario::new(500, b"hdr", b"a message in context");
    s.sender = b"alice".to_vec();
    s.recipient = b"bob".to_vec();
    s.message_id = b"m-77".to_vec();
    s
}

fn verify_with(s: &Scenario, change: impl FnOnce(&mut ReportParts)) -> Result<(), Error> {
    let mut parts = s.report_parts();
    change(&mut parts);
    s.verify(&parts.encode())
}

#[test]
fn honest_context_verifies() {
    let s = scenario();
    assert_eq!(verify_with(&s, |_| {}), Ok(()));
}

#[test]
fn swapping_sender_and_recipient_is_invalid() {
    let s = scenario();
    let r = verify_with(&s, |p| core::mem::swap(&mut p.sender, &mut p.recipient));
    assert_eq!(r, Err(Error::Invalid));
}

#[test]
fn swapping_sender_and_message_id_is_invalid() {
    let s = scenario();
    let r = verify_with(&s, |p| core::mem::swap(&mut p.sender, &mut p.message_id));
    assert_eq!(r, Err(Error::Invalid));
}

#[test]
fn swapping_recipient_and_message_id_is_invalid() {
    let s = scenario();
    let r = verify_with(&s, |p| core::mem::swap(&mut p.recipient, &mut p.message_id));
    assert_eq!(r, Err(Error::Invalid));
}

#[test]
fn rotating_all_three_ids_is_invalid() {
    let s = scenario();
    let r = verify_with(&s, |p| {
        let (a, b, c) = (p.sender.clone(), p.recipient.clone(), p.message_id.clone());
        (p.sender, p.recipient, p.message_id) = (b, c, a);
    });
    assert_eq!(r, Err(Error::Invalid));
    let r = verify_with(&s, |p| {
        let (a, b, c) = (p.sender.clone(), p.recipient.clone(), p.message_id.clone());
        (p.sender, p.recipient, p.message_id) = (c, a, b);
    });
    assert_eq!(r, Err(Error::Invalid));
}

#[test]
fn moving_bytes_between_adjacent_ids_is_invalid() {
    let s = scenario();
    // Each change keeps the concatenation "alicebobm-77" and moves a boundary.
    let r = verify_with(&s, |p| {
        let last = p.sender.pop().unwrap();
        p.recipient.insert(0, last);
    });
    assert_eq!(r, Err(Error::Invalid));
    let r = verify_with(&s, |p| {
        let first = p.recipient.remove(0);
        p.sender.push(first);
    });
    assert_eq!(r, Err(Error::Invalid));
    let r = verify_with(&s, |p| {
        let last = p.recipient.pop().unwrap();
        p.message_id.insert(0, last);
    });
    assert_eq!(r, Err(Error::Invalid));
    let r = verify_with(&s, |p| {
        let mut all = p.sender.clone();
        all.append(&mut p.recipient);
        p.sender = all;
    });
    assert_eq!(r, Err(Error::Invalid));
}

#[test]
fn moving_an_id_into_the_header_or_message_is_invalid() {
    // Report fields outside the context cannot absorb context bytes either.
    let s = scenario();
    let r = verify_with(&s, |p| {
        let id = core::mem::take(&mut p.message_id);
        p.header.extend_from_slice(&id);
    });
    assert_eq!(r, Err(Error::Invalid));
    let r = verify_with(&s, |p| {
        let id = core::mem::take(&mut p.sender);
        p.message.splice(0..0, id);
    });
    assert_eq!(r, Err(Error::Invalid));
}

#[test]
fn moving_the_timestamp_into_an_id_is_invalid() {
    let s = scenario();
    let r = verify_with(&s, |p| {
        p.message_id.extend_from_slice(&p.timestamp.to_be_bytes());
        p.timestamp = NOW;
    });
    assert_eq!(r, Err(Error::Invalid));
}
