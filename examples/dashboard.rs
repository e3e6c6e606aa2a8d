//! A moderation dashboard's view of one report: a message to a room is sent,
//! stamped with a receipt, stored by a member, reported by two members, and
//! verified; each verified report is printed as JSON (bytes as hex) with its
//! report id, and the second submission by the same member is recognised as
//! a duplicate.
//!
//! Run with `cargo run --example dashboard --features serde,alloc`.

use std::collections::HashSet;

use franking::{
    Context, KeyId, KeyInterval, Keyring, MessageKey, OwnedReceipt, OwnedReport, PlatformKey,
    Receipt, ReportId, verify,
};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = rand::rng();
    let now = 1_760_000_000; // seconds since the Unix epoch
    let key = MessageKey::generate(&mut rng);

    // Sender: seal a message to the room.
    let header = b"room:book-club";
    let mut buffer = *b"you will regret coming on Thursday";
    let envelope = key.seal_in_place_with_rng(&mut rng, header, &mut buffer)?;

    // Platform: one stamp for the whole room, sent to every member as a receipt.
    let since = KeyInterval::starting_at(now - 86_400);
    let platform = Keyring::new(
        PlatformKey::generate(KeyId::new(3), since, &mut rng)?,
        30 * 86_400,
    );
    let context = Context::new(b"mallory", b"room:book-club", now, b"msg-7781")?;
    let receipt_bytes = platform
        .stamp_receipt(envelope.franking_tag(), &context)?
        .to_vec()?;

    // A member (bob): open, then store the receipt unchanged with the evidence.
    let receipt = Receipt::decode(&receipt_bytes)?;
    let opened = key.open_in_place(&envelope, header, &mut buffer)?;
    let stored = OwnedReport::from_receipt(
        &receipt,
        opened.opening().clone(),
        opened.header().to_vec(),
        opened.message().to_vec(),
    )?;
    let stored_receipt: OwnedReceipt = receipt.to_owned();
    println!("bob's stored receipt (JSON):");
    println!("{}", serde_json::to_string_pretty(&stored_receipt)?);
    let wire = stored.as_view().to_vec()?;

    // Moderator: three submissions of the same report, by bob, carol and bob.
    let mut seen: HashSet<ReportId> = HashSet::new();
    for reporter in ["bob", "carol", "bob"] {
        let report = franking::Report::decode(&wire)?;
        let verified = verify(&platform, now + 600, &report)?;
        let id = verified.report_id(reporter.as_bytes())?;
        let duplicate = !seen.insert(id);
        let entry = json!({
            "report_id": id,
            "reporter": reporter,
            "duplicate": duplicate,
            "sender_text": String::from_utf8_lossy(verified.sender()),
            "message_text": String::from_utf8_lossy(verified.message()),
            "verified": verified,
        });
        println!("\ndashboard entry:");
        println!("{}", serde_json::to_string_pretty(&entry)?);
    }
    assert_eq!(seen.len(), 2, "bob's second submission is a duplicate");
    Ok(())
}
