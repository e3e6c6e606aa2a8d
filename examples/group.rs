//! A 1000-member room end to end (SPEC.md section 15): senders seal once for
//! the room, the platform numbers each message in the room's conversation and
//! stamps it for every member in one batch (the sender included, as its
//! receipt), a member keeps the evidence, reports a run of messages, and the
//! moderator verifies it in one call and sees the order and every gap.
//!
//! Run with `cargo run --release --example group` (timings are indicative).

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use franking::{
    Context, ConversationReport, Envelope, Error, KeyId, Keyring, MessageKey, PlatformKey, Report,
    Stamp, verify_conversation,
};

const MEMBERS: usize = 1000;
const ROOM: &[u8] = b"room:book-club";

/// What a member keeps per message to be able to report it (SPEC.md 15.7).
struct Evidence {
    header: Vec<u8>,
    ciphertext: Vec<u8>,
    envelope: Envelope,
    sender: Vec<u8>,
    message_id: Vec<u8>,
    timestamp: u64,
    seq: u64,
    stamp: Stamp,
}

/// The platform: its keyring and one counter per conversation, its only state.
struct Platform {
    keyring: Keyring,
    counters: HashMap<Vec<u8>, u64>,
}

impl Platform {
    /// Accepts a message for the room: the next sequence number, then one
    /// batch stamp for every member (the sender's is its receipt).
    fn accept(
        &mut self,
        sender: &[u8],
        envelope: &Envelope,
        now: u64,
        members: &[&[u8]],
        stamps: &mut [Stamp],
    ) -> Result<(u64, Vec<u8>), Error> {
        let counter = self.counters.entry(ROOM.to_vec()).or_insert(0);
        *counter += 1;
        let seq = *counter;
        let message_id = format!("msg-{seq}").into_bytes();
        let context = Context::new(sender, ROOM, now, &message_id)?.in_conversation(ROOM, seq)?;
        self.keyring
            .stamp_batch(envelope.franking_tag(), &context, members, stamps)?;
        Ok((seq, message_id))
    }
}

fn main() -> Result<(), Error> {
    let mut rng = rand::rng();
    let now = 1_760_000_000;
    let ids: Vec<Vec<u8>> = (0..MEMBERS)
        .map(|i| format!("user-{i:04}").into_bytes())
        .collect();
    let members: Vec<&[u8]> = ids.iter().map(Vec::as_slice).collect();
    let mut platform = Platform {
        keyring: Keyring::new(
            PlatformKey::generate(
                KeyId::new(1),
                franking::KeyInterval::starting_at(0),
                &mut rng,
            )?,
            30 * 86_400,
        ),
        counters: HashMap::new(),
    };
    // The room's shared sending key (sender keys, or an MLS epoch's secret).
    let room_key = MessageKey::generate(&mut rng);
    let reporter = 42;

    println!("1. {MEMBERS} members; 40 messages, each sealed once and stamped for every member");
    let mut stamps = vec![Stamp::default(); MEMBERS];
    let mut kept = Vec::new();
    for i in 0..40u64 {
        let sender = members[(i as usize * 7) % 50];
        let header = ROOM.to_vec();
        let text = match i {
            33 => b"you will regret this".to_vec(),
            36 => b"I know where you live".to_vec(),
            _ => format!("message {i} about chapter {}", i / 10).into_bytes(),
        };
        let mut ciphertext = text.clone();
        let envelope = room_key.seal_in_place_with_rng(&mut rng, &header, &mut ciphertext)?;
        let timestamp = now + 60 * i;
        let (seq, message_id) =
            platform.accept(sender, &envelope, timestamp, &members, &mut stamps)?;
        // Member 42 keeps what it needs to report (SPEC.md 15.7).
        kept.push(Evidence {
            header,
            ciphertext,
            envelope,
            sender: sender.to_vec(),
            message_id,
            timestamp,
            seq,
            stamp: stamps[reporter],
        });
    }

    println!("2. Cost of stamping one tag for the room: one batch against {MEMBERS} single stamps");
    let tag = *kept[0].envelope.franking_tag();
    let ctx = Context::new(members[0], ROOM, now, b"msg-1")?.in_conversation(ROOM, 1)?;
    let contexts: Vec<Context<'_>> = members
        .iter()
        .map(|m| ctx.with_recipient(m))
        .collect::<Result<_, _>>()?;
    // Interleaved rounds, medians: load from other processes hits both alike.
    let (mut batch, mut single) = (Vec::new(), Vec::new());
    for _ in 0..201 {
        let started = Instant::now();
        platform
            .keyring
            .stamp_batch(black_box(&tag), black_box(&ctx), &members, &mut stamps)?;
        black_box(&stamps);
        batch.push(started.elapsed().as_secs_f64() / MEMBERS as f64);
        let started = Instant::now();
        for c in &contexts {
            black_box(platform.keyring.stamp(black_box(&tag), black_box(c)).ok());
        }
        single.push(started.elapsed().as_secs_f64() / MEMBERS as f64);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (batch, single) = (median(&mut batch), median(&mut single));
    println!(
        "   per member: {:.1} ns in a batch, {:.1} ns as a single stamp ({:.2}x); a room message costs {:.1} us",
        batch * 1e9,
        single * 1e9,
        batch / single,
        batch * MEMBERS as f64 * 1e6
    );

    println!(
        "3. Member {reporter} reports messages 31 to 40, leaving out 32 and 35 (cherry-picking)"
    );
    let opened: Vec<(Vec<u8>, _)> = kept
        .iter()
        .map(|e| {
            let mut buffer = e.ciphertext.clone();
            let opening = *room_key
                .open_in_place(&e.envelope, &e.header, &mut buffer)?
                .opening()
                .as_bytes();
            Ok((buffer, opening))
        })
        .collect::<Result<_, Error>>()?;
    let contexts: Vec<Context<'_>> = kept
        .iter()
        .map(|e| {
            Context::new(&e.sender, members[reporter], e.timestamp, &e.message_id)?
                .in_conversation(ROOM, e.seq)
        })
        .collect::<Result<_, _>>()?;
    let checked: Vec<_> = kept
        .iter()
        .zip(&opened)
        .map(|(e, (message, opening))| {
            franking::verify_commitment(
                &e.header,
                message,
                franking::Opening::from_bytes(*opening),
                e.envelope.franking_tag(),
            )
        })
        .collect::<Result<_, _>>()?;
    let report_of = |seqs: &[u64]| -> Result<Vec<u8>, Error> {
        let reports: Vec<Report<'_>> = seqs
            .iter()
            .map(|s| {
                let i = (*s - 1) as usize;
                checked[i].report(&contexts[i], &kept[i].stamp)
            })
            .collect();
        let mut wire = vec![0u8; ConversationReport::encoded_len(&reports)?];
        ConversationReport::encode_into(&reports, &mut wire)?;
        Ok(wire)
    };
    let picked = report_of(&[31, 33, 34, 36, 37, 38, 39, 40])?;

    println!("4. Moderator: one call verifies the excerpt");
    let moderate = |wire: &[u8]| -> Result<(), Error> {
        let report = ConversationReport::decode(wire)?;
        let verdict = verify_conversation(&platform.keyring, now + 3_600, &report)?;
        for m in verdict.messages() {
            println!(
                "   #{:<3} {} at {} from {}: {:?}",
                m.seq(),
                String::from_utf8_lossy(m.recipient()),
                m.timestamp(),
                String::from_utf8_lossy(m.sender()),
                String::from_utf8_lossy(m.message())
            );
        }
        for gap in verdict.gaps() {
            println!(
                "   gap: {} message(s) left out between #{} and #{}",
                gap.missing(),
                gap.after,
                gap.before
            );
        }
        println!(
            "   contiguous: {}; dedup keys: (key id, stamp MAC, reporter) per message",
            verdict.is_contiguous()
        );
        Ok(())
    };
    moderate(&picked)?;

    println!("5. The full run 31 to 40: contiguous");
    moderate(&report_of(&(31..=40).collect::<Vec<_>>())?)?;
    Ok(())
}
