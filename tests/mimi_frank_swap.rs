//! The integrity signature covers `server_frank || suite || context`, not
//! the franking tag (SPEC.md 17.6, 17.8), and the timestamp travels with the
//! frank, so a receiver cannot tell a message's frank from the frank of
//! another message of the same sender in the same room: a sender and a
//! follower provider can move one message's frank and timestamp onto
//! another. `verify_received` accepts it (the limit SPEC.md 17.8 states),
//! the hub refuses the report later, and `check_history` (17.8 step 3)
//! refuses it on arrival when the receiver's store shows it: the frank
//! already stored, or, under a hub that keeps timestamps strictly increasing
//! per sender and room, a timestamp not above the last one.
#![cfg(feature = "mimi")]

mod mimi_common;

use std::collections::HashMap;

use franking::Error;
use franking::mimi::{
    AbusiveMessage, CipherSuite, FrankHistory, HubVerifyingKey, ReceivedMessage, ReceiverView,
    ServerFrank, check_history, verify_abusive_message, verify_received,
};
use mimi_common::*;

const SUITE: CipherSuite = CipherSuite::X25519Aes128GcmEd25519;
const BOB: &[u8] = b"mimi://c.example/u/bob";
const OTHER_ROOM: &[u8] = b"mimi://hub.example/r/other";

fn verifying_key() -> HubVerifyingKey {
    signing_key(SUITE, 2).verifying_key()
}

fn franked(seed: u8, sender: &[u8], room: &[u8], timestamp: u64) -> Franked {
    Franked::new(
        &hub_key(1),
        &signing_key(SUITE, 2),
        seed,
        sender,
        room,
        timestamp,
    )
}

/// `m`'s content delivered with `other`'s frank and timestamp, as a follower
/// would put them on it.
fn moved<'a>(m: &'a Franked, other: &'a Franked) -> ReceivedMessage<'a> {
    ReceivedMessage {
        frank: other.frank.as_frank(),
        accepted_timestamp: other.timestamp,
        ..m.received()
    }
}

/// A receiver's store: the franks it holds and, per sender and room, the
/// last timestamp.
#[derive(Default)]
struct Store {
    franks: Vec<ServerFrank>,
    last: HashMap<(Vec<u8>, Vec<u8>), u64>,
}

impl FrankHistory for Store {
    fn holds_frank(&self, server_frank: &ServerFrank) -> bool {
        self.franks.contains(server_frank)
    }
    fn last_timestamp(&self, sender_uri: &[u8], room_uri: &[u8]) -> Option<u64> {
        self.last
            .get(&(sender_uri.to_vec(), room_uri.to_vec()))
            .copied()
    }
}

impl Store {
    /// The receiver's flow (SPEC.md 17.8): steps 1 and 2, step 3, then
    /// store. The message arrives in its own room from its own sender (the
    /// credential's URI is the content's).
    fn receive(&mut self, m: &ReceivedMessage<'_>, strictly: bool) -> Result<(), Error> {
        let vk = verifying_key();
        let view = ReceiverView {
            franking_agent_key: &vk,
            credential_user_uri: m.sender_uri,
            room_uri: m.room_uri,
        };
        let context = verify_received(m, &view)?;
        check_history(&context, &m.frank, self, strictly)?;
        self.franks.push(m.frank.server_frank);
        let last = self
            .last
            .entry((context.sender_uri.to_vec(), context.room_uri.to_vec()))
            .or_default();
        *last = (*last).max(context.accepted_timestamp);
        Ok(())
    }
}

fn hub_verdict(report: &AbusiveMessage<'_>) -> Result<(), Error> {
    verify_abusive_message(&[hub_key(1)], &[verifying_key()], report, parse).map(|_| ())
}

/// (a) The limit: M1 delivered with the frank and timestamp of M2 (same
/// sender and room, another millisecond or the same) passes steps 1 and 2,
/// and, M2 withheld from this receiver, step 3 too in either mode; the
/// hub refuses the report, since the frank is over M2's tag.
#[test]
fn a_moved_frank_passes_on_arrival_but_not_the_report() {
    for later in [0, 5] {
        let m1 = franked(3, SENDER, ROOM, TIMESTAMP);
        let m2 = franked(4, SENDER, ROOM, TIMESTAMP + later);
        let swapped = moved(&m1, &m2);
        let vk = verifying_key();
        let context = verify_received(&swapped, &view(&vk)).unwrap();
        for strictly in [false, true] {
            let mut store = Store::default();
            store
                .receive(
                    &franked(5, SENDER, ROOM, TIMESTAMP - 1).received(),
                    strictly,
                )
                .unwrap();
            assert_eq!(
                check_history(&context, &swapped.frank, &store, strictly),
                Ok(())
            );
            store.receive(&swapped, strictly).unwrap();
        }
        let reported = AbusiveMessage {
            frank: m2.frank.as_frank(),
            accepted_timestamp: m2.timestamp,
            ..m1.abusive()
        };
        assert_eq!(hub_verdict(&reported), Err(Error::Invalid));
        assert_eq!(hub_verdict(&m1.abusive()), Ok(()));
        assert_eq!(hub_verdict(&m2.abusive()), Ok(()));
    }
}

/// (b) When the receiver also gets the message whose frank was moved,
/// whichever arrives first, the second is refused as a frank already
/// stored, with or without the hub's promise.
#[test]
fn a_frank_already_stored_with_another_message_is_refused() {
    let m1 = franked(3, SENDER, ROOM, TIMESTAMP);
    let m2 = franked(4, SENDER, ROOM, TIMESTAMP + 5);
    let refused = Err(Error::ReceiptMismatch {
        field: "server frank",
    });
    for strictly in [false, true] {
        let mut store = Store::default();
        store.receive(&m2.received(), strictly).unwrap();
        assert_eq!(store.receive(&moved(&m1, &m2), strictly), refused);

        let mut store = Store::default();
        store.receive(&moved(&m1, &m2), strictly).unwrap();
        assert_eq!(store.receive(&m2.received(), strictly), refused);
    }
}

/// (c) Under a hub that keeps timestamps strictly increasing per sender
/// and room, a timestamp not above the last of that sender and room is
/// refused whatever its frank: two messages of one millisecond each given
/// the other's frank (which the frank check misses), and the frank of an
/// older message. Without the promise the first pair passes.
#[test]
fn a_timestamp_not_above_the_last_is_refused_when_the_hub_promises_order() {
    let refused = Err(Error::ReceiptMismatch { field: "timestamp" });
    let m1 = franked(3, SENDER, ROOM, TIMESTAMP);
    let m2 = franked(4, SENDER, ROOM, TIMESTAMP);

    let mut store = Store::default();
    store.receive(&moved(&m1, &m2), true).unwrap();
    assert_eq!(store.receive(&moved(&m2, &m1), true), refused);

    let mut lenient = Store::default();
    lenient.receive(&moved(&m1, &m2), false).unwrap();
    lenient.receive(&moved(&m2, &m1), false).unwrap();

    // An older frank, of a message this receiver never got.
    let older = franked(6, SENDER, ROOM, TIMESTAMP - 1);
    let mut store = Store::default();
    store.receive(&m1.received(), true).unwrap();
    assert_eq!(store.receive(&moved(&m2, &older), true), refused);
    // One millisecond later is above the last: it passes.
    let later = franked(7, SENDER, ROOM, TIMESTAMP + 1);
    store.receive(&later.received(), true).unwrap();
}

/// (d) An honest hub's messages, in its order, pass in both modes:
/// several senders and rooms interleaved, one millisecond shared by two
/// senders in a room and by one sender in two rooms, timestamps that go
/// down from one (sender, room) to another.
#[test]
fn an_honest_sequence_passes() {
    let sequence = [
        franked(10, SENDER, ROOM, TIMESTAMP),
        franked(11, BOB, ROOM, TIMESTAMP),
        franked(12, SENDER, OTHER_ROOM, TIMESTAMP),
        franked(13, BOB, OTHER_ROOM, TIMESTAMP - 10),
        franked(14, SENDER, ROOM, TIMESTAMP + 1),
        franked(15, BOB, OTHER_ROOM, TIMESTAMP - 9),
        franked(16, BOB, ROOM, TIMESTAMP + 1),
        franked(17, SENDER, OTHER_ROOM, TIMESTAMP + 2),
        franked(18, SENDER, ROOM, TIMESTAMP + 1000),
    ];
    for strictly in [false, true] {
        let mut store = Store::default();
        for m in &sequence {
            store.receive(&m.received(), strictly).unwrap();
        }
        assert_eq!(store.franks.len(), sequence.len());
    }
}
