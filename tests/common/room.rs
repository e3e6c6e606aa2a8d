//! A conversation for the conversation-report tests: messages of several
//! senders in one room, each committed, stamped with the room's conversation
//! id and its sequence number, and kept with its evidence. Reports are
//! encoded either by the crate or by an independent encoder written from
//! SPEC.md 15.5 that checks nothing, so tests can build hostile reports.

use franking::conversation::Entry;
use franking::{
    Context, ConversationReport, Error, FrankingTag, KeyId, Keyring, Opening, PlatformKey, Receipt,
    Stamp, verify_commitment,
};

use super::{MAX_AGE, NOW, commit_with_opening};

/// One message with everything its report needs, owned.
#[derive(Clone, Debug)]
pub struct Kept {
    pub sender: Vec<u8>,
    pub recipient: Vec<u8>,
    pub message_id: Vec<u8>,
    pub conversation: Vec<u8>,
    pub seq: u64,
    pub timestamp: u64,
    pub header: Vec<u8>,
    pub message: Vec<u8>,
    pub opening: [u8; 32],
    pub tag: FrankingTag,
    pub stamp: Stamp,
    /// Whether the recipient shows this message only by its receipt (a
    /// stamp-only entry): it did not open, or its content is not shown.
    pub stamp_only: bool,
}

impl Kept {
    pub fn context(&self) -> Context<'_> {
        Context::new(
            &self.sender,
            &self.recipient,
            self.timestamp,
            &self.message_id,
        )
        .unwrap()
        .in_conversation(&self.conversation, self.seq)
        .unwrap()
    }

    /// Independent encoding of this message as a 15.5 message entry (kind
    /// 0x01), or as a stamp-only entry (kind 0x02) if `stamp_only`.
    pub fn entry(&self) -> Vec<u8> {
        if self.stamp_only {
            return self.stamp_only_entry();
        }
        let mut out = vec![0x01];
        out.extend_from_slice(&self.stamp.to_bytes());
        out.extend_from_slice(self.tag.as_bytes());
        out.extend_from_slice(&self.opening);
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.seq.to_be_bytes());
        for id in [&self.sender, &self.recipient, &self.message_id] {
            out.extend_from_slice(&(id.len() as u16).to_be_bytes());
            out.extend_from_slice(id);
        }
        for field in [&self.header, &self.message] {
            out.extend_from_slice(&(field.len() as u32).to_be_bytes());
            out.extend_from_slice(field);
        }
        out
    }

    /// Independent encoding of this message as a 15.5 stamp-only entry:
    /// kind 0x02, stamp, tag, timestamp, seq, ids; no opening, no content.
    pub fn stamp_only_entry(&self) -> Vec<u8> {
        let mut out = vec![0x02];
        out.extend_from_slice(&self.stamp.to_bytes());
        out.extend_from_slice(self.tag.as_bytes());
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.seq.to_be_bytes());
        for id in [&self.sender, &self.recipient, &self.message_id] {
            out.extend_from_slice(&(id.len() as u16).to_be_bytes());
            out.extend_from_slice(id);
        }
        out
    }

    /// The platform's receipt of this message, as the recipient stores it.
    pub fn receipt(&self) -> Receipt<'_> {
        Receipt::new(self.stamp, self.tag, self.context())
    }
}

/// What a verdict lists: sequence numbers, senders, messages missing.
pub type Listed = (Vec<u64>, Vec<Vec<u8>>, u64);

/// A room's conversation as the platform numbered it.
pub struct Room {
    pub keyring: Keyring,
    pub id: Vec<u8>,
    pub messages: Vec<Kept>,
}

pub const SENDERS: [&[u8]; 3] = [b"alice", b"bob", b"carol"];

impl Room {
    /// `n` messages in room `id`, seq 1..=n, one minute apart, senders in
    /// turn, each stamped for the room (recipient = the room).
    pub fn new(id: &[u8], n: u64) -> Self {
        let keyring = Keyring::new(
            PlatformKey::from_bytes(
                KeyId::new(5),
                franking::KeyInterval::starting_at(0),
                &mut core::array::from_fn(|i| 0x77 ^ i as u8),
            )
            .unwrap(),
            MAX_AGE,
        );
        let mut room = Self {
            keyring,
            id: id.to_vec(),
            messages: Vec::new(),
        };
        for seq in 1..=n {
            let sender = SENDERS[(seq % 3) as usize];
            let text = format!("message {seq} from {}", String::from_utf8_lossy(sender));
            room.post(sender, text.as_bytes(), seq);
        }
        room
    }

    /// The platform accepts a message as number `seq` and stamps it for the room.
    pub fn post(&mut self, sender: &[u8], text: &[u8], seq: u64) {
        let opening: [u8; 32] = std::array::from_fn(|i| (seq as u8) ^ (i as u8) ^ 0x5a);
        let header = b"room message".to_vec();
        let tag = commit_with_opening(&opening, &header, text);
        let mut kept = Kept {
            sender: sender.to_vec(),
            recipient: self.id.clone(),
            message_id: format!("m-{seq}").into_bytes(),
            conversation: self.id.clone(),
            seq,
            timestamp: NOW - 86_400 + 60 * seq,
            header,
            message: text.to_vec(),
            opening,
            tag,
            stamp: Stamp::default(),
            stamp_only: false,
        };
        kept.stamp = self.keyring.stamp(&tag, &kept.context()).unwrap();
        self.messages.push(kept);
    }

    /// The messages with these sequence numbers, in the order given.
    pub fn pick(&self, seqs: &[u64]) -> Vec<Kept> {
        seqs.iter()
            .map(|s| self.messages.iter().find(|m| m.seq == *s).unwrap().clone())
            .collect()
    }

    /// The crate's encoding of these messages, through the recipient's API.
    pub fn encode(&self, kept: &[Kept]) -> Result<Vec<u8>, Error> {
        encode_kept(kept)
    }

    /// Verifies bytes at [`NOW`] and returns the
    /// sequence numbers and senders it lists, and how many messages are missing.
    pub fn verify(&self, bytes: &[u8]) -> Result<Listed, Error> {
        let report = ConversationReport::decode(bytes)?;
        let verdict = franking::verify_conversation(&self.keyring, NOW, &report)?;
        let seqs = verdict.entries().map(|m| m.seq()).collect();
        let senders = verdict.entries().map(|m| m.sender().to_vec()).collect();
        Ok((seqs, senders, verdict.missing()))
    }
}

/// The crate's encoding of kept messages: open each (layer mode) and build
/// its report, or take its receipt for a stamp-only one; encode them all.
pub fn encode_kept(kept: &[Kept]) -> Result<Vec<u8>, Error> {
    let opened: Vec<_> = kept
        .iter()
        .filter(|k| !k.stamp_only)
        .map(|k| {
            verify_commitment(
                &k.header,
                &k.message,
                Opening::from_bytes(k.opening),
                &k.tag,
            )
            .unwrap()
        })
        .collect();
    let contexts: Vec<Context<'_>> = kept.iter().map(Kept::context).collect();
    let mut opened = opened.iter();
    let entries: Vec<Entry<'_>> = kept
        .iter()
        .zip(&contexts)
        .map(|(k, c)| {
            if k.stamp_only {
                Entry::stamp_only(Receipt::new(k.stamp, k.tag, *c))
            } else {
                Entry::Message(opened.next().unwrap().report(c, &k.stamp))
            }
        })
        .collect();
    let mut out = vec![0u8; ConversationReport::encoded_len(&entries)?];
    let len = ConversationReport::encode_into(&entries, &mut out)?;
    assert_eq!(len, out.len());
    Ok(out)
}

/// Independent encoding (SPEC.md 15.5) of entries under a conversation id,
/// with no check at all: any order, duplicates, foreign messages.
pub fn raw_encode(conversation: &[u8], kept: &[Kept]) -> Vec<u8> {
    let mut out = vec![0x11];
    out.extend_from_slice(&(conversation.len() as u16).to_be_bytes());
    out.extend_from_slice(conversation);
    out.extend_from_slice(&(kept.len() as u16).to_be_bytes());
    for k in kept {
        out.extend_from_slice(&k.entry());
    }
    out
}
