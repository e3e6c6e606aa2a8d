//! The evidence the submission tests and `examples/gen_submission_vectors.rs`
//! share: reports of every kind, built through the crate's public API from
//! fixed byte patterns (deterministic), in a 1:1 chat and a room.
#![allow(dead_code)]

use franking::media::{AttachmentKey, AttachmentSealer, CHUNK_SIZE, range_proof};
use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::submission::SubmissionEntry;
use franking::wire::{MediaMessage, MediaReportHead};
use franking::{
    Context, ConversationReport, KeyId, KeyInterval, Keyring, PlatformKey, Report, Submission,
    commit_with_rng, verify_commitment,
};

/// The account that submits, as the platform authenticated it.
pub const REPORTER: &[u8] = b"u:bob";
/// The room the reporter belongs to (user and room ids have distinct forms).
pub const ROOM: &[u8] = b"r:book-club";
/// The 1:1 conversation of alice and bob.
pub const CHAT: &[u8] = b"c:alice+bob";
/// When the messages were sent.
pub const TS: u64 = 1_760_000_000;
/// The moderator's clock.
pub const NOW: u64 = TS + 3_600;
pub const MAX_AGE: u64 = 30 * 86_400;
pub const MAX_SKEW: u64 = 300;
pub const KEY_ID: u32 = 0x0a0b_0c0d;
/// The platform key's bytes.
pub const PLATFORM_KEY: [u8; 32] = fixed(0x61);

/// `N` bytes counting up from `start`.
pub const fn fixed<const N: usize>(start: u8) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = start.wrapping_add(i as u8);
        i += 1;
    }
    out
}

/// `len` bytes counting up from `start`, wrapping at 256.
pub fn pattern(start: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| start.wrapping_add(i as u8)).collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An "RNG" that hands out one fixed opening, so layer-mode commitments are
/// reproducible. Only for tests and vectors.
struct FixedOpening([u8; 32]);

impl TryRng for FixedOpening {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        unreachable!("openings are drawn with fill_bytes")
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        unreachable!("openings are drawn with fill_bytes")
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        dst.copy_from_slice(&self.0[..dst.len()]);
        Ok(())
    }
}
impl TryCryptoRng for FixedOpening {}

/// The moderator's keyring: the one platform key, open interval.
pub fn keyring() -> Keyring {
    let key = PlatformKey::from_bytes(
        KeyId::new(KEY_ID),
        KeyInterval::starting_at(0),
        &mut PLATFORM_KEY.clone(),
    )
    .unwrap();
    Keyring::new(key, MAX_AGE).with_max_skew(MAX_SKEW)
}

/// The keyring as a vector case lists it (SPEC.md 10).
pub fn keys_field() -> String {
    format!("{KEY_ID}={}/0/{}", hex(&PLATFORM_KEY), u64::MAX)
}

/// One message as the platform delivered it.
pub struct Message {
    pub opening: [u8; 32],
    pub sender: &'static [u8],
    pub recipient: &'static [u8],
    pub conversation: &'static [u8],
    pub seq: u64,
    pub message_id: String,
    pub header: Vec<u8>,
    pub message: Vec<u8>,
}

/// A message opened by its recipient, with its context and the platform's stamp.
pub struct Delivered<'m> {
    opened: franking::recipient::OpenedMessage<'m>,
    context: Context<'m>,
    stamp: franking::Stamp,
}

impl Delivered<'_> {
    /// The recipient's report.
    pub fn report(&self) -> Report<'_> {
        self.opened.report(&self.context, &self.stamp)
    }
}

impl Message {
    /// Layer-mode commitment, the platform's stamp, the recipient's evidence.
    pub fn deliver(&self) -> Delivered<'_> {
        let (opening, tag) =
            commit_with_rng(&mut FixedOpening(self.opening), &self.header, &self.message).unwrap();
        let opened = verify_commitment(&self.header, &self.message, opening, &tag).unwrap();
        let context = Context::new(
            self.sender,
            self.recipient,
            TS + self.seq,
            self.message_id.as_bytes(),
        )
        .unwrap()
        .in_conversation(self.conversation, self.seq)
        .unwrap();
        let stamp = keyring().stamp(opened.franking_tag(), &context).unwrap();
        Delivered {
            opened,
            context,
            stamp,
        }
    }

    /// The encoded message report (SPEC.md 5.6).
    pub fn report_bytes(&self) -> Vec<u8> {
        let delivered = self.deliver();
        let r = delivered.report();
        let mut out = vec![0u8; r.encoded_len()];
        r.encode_into(&mut out).unwrap();
        out
    }
}

fn message(
    opening: u8,
    sender: &'static [u8],
    recipient: &'static [u8],
    conversation: &'static [u8],
    seq: u64,
    text: &[u8],
) -> Message {
    Message {
        opening: fixed(opening),
        sender,
        recipient,
        conversation,
        seq,
        message_id: format!("m-{seq}"),
        header: conversation.to_vec(),
        message: text.to_vec(),
    }
}

/// The encoded report (SPEC.md 5.6) of one message delivered as given.
pub fn message_to(
    opening: u8,
    sender: &'static [u8],
    recipient: &'static [u8],
    conversation: &'static [u8],
    seq: u64,
    text: &[u8],
) -> Vec<u8> {
    message(opening, sender, recipient, conversation, seq, text).report_bytes()
}

/// Every report the tests and vectors use, encoded.
pub struct Evidence {
    /// alice to bob, directly: message 7 of their chat.
    pub direct: Vec<u8>,
    /// alice to carol, directly: not addressed to the reporter.
    pub to_carol: Vec<u8>,
    /// Messages 41, 42 and 44 of the room (alice, carol, bob), stamped for
    /// the room.
    pub conversation: Vec<u8>,
    /// Message 43 of the room by carol, alone.
    pub room_message: Vec<u8>,
    /// The whole first attachment (100 bytes) of message 8 of the chat,
    /// alice to bob.
    pub whole: Vec<u8>,
    /// Chunk 1 (10 bytes) of the second attachment (65546 bytes) of the
    /// same message.
    pub range: Vec<u8>,
}

pub fn room_messages() -> Vec<Message> {
    vec![
        message(0xa0, b"u:alice", ROOM, ROOM, 41, b"did you read chapter 3?"),
        message(0xa1, b"u:carol", ROOM, ROOM, 42, b"you always say that"),
        message(0xa2, b"u:bob", ROOM, ROOM, 44, b"I'm reporting this"),
    ]
}

fn conversation_bytes(messages: &[Message]) -> Vec<u8> {
    let delivered: Vec<Delivered<'_>> = messages.iter().map(Message::deliver).collect();
    let reports: Vec<Report<'_>> = delivered.iter().map(Delivered::report).collect();
    let mut out = vec![0u8; ConversationReport::encoded_len(&reports).unwrap()];
    ConversationReport::encode_into(&reports, &mut out).unwrap();
    out
}

fn attachment(
    key: u8,
    plaintext: &[u8],
) -> (
    AttachmentKey,
    Vec<u8>,
    franking::media::AttachmentDescriptor,
) {
    // A fixed attachment nonce, so that the vectors are reproducible; a real
    // sealer draws one (SPEC.md 14.2).
    let mut sealer = AttachmentSealer::with_nonce_for_test_vectors(
        AttachmentKey::from_bytes(fixed(key)),
        franking::media::AttachmentNonce::from_bytes(fixed(key ^ 0x5a)),
    );
    let mut ciphertext = plaintext.to_vec();
    let n = plaintext.len().div_ceil(CHUNK_SIZE).max(1);
    let mut tree = Vec::new();
    for (i, chunk) in ciphertext.chunks_mut(CHUNK_SIZE).enumerate() {
        tree.extend_from_slice(sealer.seal_chunk(chunk, i + 1 == n).unwrap());
    }
    (
        AttachmentKey::from_bytes(fixed(key)),
        tree,
        sealer.descriptor().unwrap(),
    )
}

impl Evidence {
    pub fn new() -> Self {
        let direct =
            message(0xb0, b"u:alice", REPORTER, CHAT, 7, b"you'll regret this").report_bytes();
        let to_carol = message(
            0xb1,
            b"u:alice",
            b"u:carol",
            b"c:alice+carol",
            3,
            b"hi carol",
        )
        .report_bytes();
        let conversation = conversation_bytes(&room_messages());
        let room_message =
            message(0xa3, b"u:carol", ROOM, ROOM, 43, b"shut up or else").report_bytes();

        let (p0, p1) = (pattern(0x10, 100), pattern(0x20, CHUNK_SIZE + 10));
        let (k0, t0, d0) = attachment(0x15, &p0);
        let (k1, t1, d1) = attachment(0x16, &p1);
        let mut media = vec![0u8; MediaMessage::encoded_len(2, 5)];
        MediaMessage::encode_into(&[d0, d1], b"look!", &mut media).unwrap();
        let carrier = Message {
            message: media,
            ..message(0xb2, b"u:alice", REPORTER, CHAT, 8, b"")
        };
        let delivered = carrier.deliver();
        let mr = delivered.report();
        let build =
            |index: u16, key: &AttachmentKey, tree: &[u8], d, plain: &[u8], first, count| {
                let proof = range_proof(d, first, count, &mut &tree[..]).unwrap();
                let mut out = vec![0u8; MediaReportHead::encoded_len(&mr, proof.hash_count())];
                MediaReportHead::encode_into(&mr, index, &proof, &mut out).unwrap();
                for i in first..first + count {
                    out.extend_from_slice(key.chunk_opening(d, i).unwrap().as_bytes());
                    let start = i as usize * CHUNK_SIZE;
                    out.extend_from_slice(&plain[start..start + d.chunk_len(i).unwrap()]);
                }
                out
            };
        let whole = build(0, &k0, &t0, &d0, &p0, 0, 1);
        let range = build(1, &k1, &t1, &d1, &p1, 1, 1);
        Self {
            direct,
            to_carol,
            conversation,
            room_message,
            whole,
            range,
        }
    }
}

/// The evidence, built once per test binary.
pub fn evidence() -> &'static Evidence {
    static EVIDENCE: std::sync::OnceLock<Evidence> = std::sync::OnceLock::new();
    EVIDENCE.get_or_init(Evidence::new)
}

/// A membership record: `account` belonged to `room` for `seq` in `first..=last`.
#[derive(Clone, Copy)]
pub struct Member {
    pub room: &'static [u8],
    pub account: &'static [u8],
    pub first: u64,
    pub last: u64,
}

impl Member {
    /// `room/account/first/last`, ids in hex (SPEC.md 16.5).
    pub fn field(records: &[Member]) -> String {
        records
            .iter()
            .map(|m| format!("{}/{}/{}/{}", hex(m.room), hex(m.account), m.first, m.last))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The membership answer of SPEC.md 16.5 over `records`.
    pub fn check(
        records: &[Member],
        room: &[u8],
        account: &[u8],
        message: &franking::Context<'_>,
    ) -> bool {
        records.iter().any(|m| {
            m.room == room
                && m.account == account
                && m.first <= message.seq()
                && message.seq() <= m.last
        })
    }
}

/// The reporter's membership of the room from before message 41 on.
pub const BOB_IN_ROOM: Member = Member {
    room: ROOM,
    account: REPORTER,
    first: 1,
    last: 1_000,
};

/// The membership records of most tests: the reporter belongs to the room
/// (as [`BOB_IN_ROOM`] says), nobody else to anything.
pub fn in_room(room: &[u8], account: &[u8], delivery: &Context<'_>) -> bool {
    Member::check(&[BOB_IN_ROOM], room, account, delivery)
}

/// A submission's encoding.
pub fn submission(
    reason: u16,
    reporter: &[u8],
    note: &str,
    entries: &[SubmissionEntry<'_>],
) -> Vec<u8> {
    let reason = franking::submission::ReasonCode::new(reason);
    let mut out = vec![0u8; Submission::encoded_len(reporter, note, entries).unwrap()];
    Submission::encode_into(reason, reporter, note, entries, &mut out).unwrap();
    out
}
