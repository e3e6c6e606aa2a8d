//! A moderation dashboard's view of one report: a message to a room is sent,
//! stamped with a receipt, stored by a member, reported by two members, and
//! verified; each verified report is printed as JSON (bytes as hex) with its
//! report id, and the second submission by the same member is recognised as
//! a duplicate. The service persists each report's versioned binary encoding
//! with its own record of the verdict, and a stored report is verified again
//! at the time it was first verified: no verified type is ever read back.
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
    let wire = stored.to_vec()?;

    // Moderator: three submissions of the same report, by bob, carol and bob.
    let verified_at = now + 600;
    let mut seen: HashSet<ReportId> = HashSet::new();
    let mut database: Vec<(Vec<u8>, serde_json::Value)> = Vec::new();
    for reporter in ["bob", "carol", "bob"] {
        let report = franking::Report::decode(&wire)?;
        let verified = verify(&platform, verified_at, &report)?;
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
        if !duplicate {
            // Persist the versioned encoding as submitted, and the verdict
            // as the service's own record.
            let record = json!({"report_id": id, "reporter": reporter, "verified_at": verified_at});
            database.push((wire.clone(), record));
        }
    }
    assert_eq!(seen.len(), 2, "bob's second submission is a duplicate");

    // A month later: the stored bytes decode and verify again at the time of
    // the first verification (the key is still in the keyring).
    for (bytes, record) in &database {
        let restored = OwnedReport::decode(bytes)?;
        let again = verify(&platform, verified_at, &restored.as_view())?;
        assert_eq!(
            json!(again.report_id(record["reporter"].as_str().unwrap_or_default().as_bytes())?),
            record["report_id"]
        );
    }
    println!(
        "\n{} reports stored, each verified again from its bytes",
        database.len()
    );
    Ok(())
}
