//! The sender keeps evidence of its own messages (SPEC.md 15.2): with a room
//! stamp the sender's receipt is the very stamp the members get; with member
//! stamps the platform stamps the sender as one more member. Either way the
//! sender can put its own messages into a conversation report, next to the
//! messages it received, and a member's report and the sender's agree.

mod common;

use common::room::{Room, encode_kept};
use common::{NOW, TestRng, open, seal};
use franking::{
    Context, ConversationReport, KeyId, Keyring, MessageKey, PlatformKey, Stamp,
    verify_conversation,
};

/// Room stamp: the sender's receipt and every member's stamp are one stamp,
/// so a report by the sender of its own message is byte for byte a member's.
#[test]
fn with_a_room_stamp_the_sender_holds_the_members_evidence() {
    let room = Room::new(b"room-1", 5);
    // Alice sent seq 3 (SENDERS[3 % 3] = alice); she reports 1..=5, her own included.
    let kept = room.pick(&[1, 2, 3, 4, 5]);
    assert_eq!(kept[2].sender, b"alice");
    let by_alice = encode_kept(&kept).unwrap();
    let by_bob = encode_kept(&kept).unwrap();
    assert_eq!(by_alice, by_bob);
    let (seqs, senders, missing) = room.verify(&by_alice).unwrap();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(senders[2], b"alice");
    assert_eq!(missing, 0);
}

/// Member stamps (committing AEAD, sealed once for the room): the sender
/// re-opens its own ciphertext with the room key to get its opening, and its
/// receipt is the batch stamp with recipient = itself.
#[test]
fn with_member_stamps_the_sender_gets_a_receipt_and_reports_its_own_message() {
    let mut rng = TestRng(77);
    let room_key = MessageKey::generate(&mut rng);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    let header = b"room-9".to_vec();
    let (ciphertext, envelope) = seal(&room_key, &mut rng, &header, b"what alice said");
    let members: [&[u8]; 3] = [b"alice", b"bob", b"carol"];
    let ctx = Context::new(b"alice", b"room-9", NOW - 60, b"m-1")
        .unwrap()
        .in_conversation(b"room-9", 41)
        .unwrap();
    let mut stamps = [Stamp::default(); 3];
    keyring
        .stamp_batch(envelope.franking_tag(), &ctx, &members, &mut stamps)
        .unwrap();
    // Alice kept the ciphertext and envelope; she opens her own message.
    assert_eq!(
        open(&room_key, &envelope, &header, &ciphertext).unwrap(),
        b"what alice said"
    );
    for (member, stamp) in members.iter().zip(&stamps) {
        let mut buf = ciphertext.clone();
        let opened = room_key
            .open_in_place(&envelope, &header, &mut buf)
            .unwrap();
        let mine = ctx.with_recipient(member).unwrap();
        let report = opened.report(&mine, stamp);
        let bytes = franking_bytes(&[report]);
        let decoded = ConversationReport::decode(&bytes).unwrap();
        let verdict = verify_conversation(&keyring, NOW, &decoded).unwrap();
        let m = &verdict.entries().next().unwrap();
        assert_eq!(
            (m.sender(), m.recipient(), m.seq()),
            (&b"alice"[..], *member, 41)
        );
    }
}

fn franking_bytes(reports: &[franking::Report<'_>]) -> Vec<u8> {
    let mut out = vec![0u8; ConversationReport::encoded_len(reports).unwrap()];
    ConversationReport::encode_into(reports, &mut out).unwrap();
    out
}
