//! The whole franking flow, one role at a time: sender, platform, recipient,
//! moderator, then a forged report and its rejection.
//!
//! Run with `cargo run --example quickstart`.

use franking::{
    Context, Error, ErrorKind, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey, Report, verify,
};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> Result<(), Error> {
    let mut rng = rand::rng();
    let now = 1_760_000_000; // seconds since the Unix epoch, as the platform's clock says

    // Sender and recipient share a message key from their key agreement.
    let key = MessageKey::generate(&mut rng);

    println!("1. Sender: seal the message with the committing AEAD");
    let header = b"conversation 42";
    let message = b"meet me behind the school, or else";
    let mut buffer = *message;
    let envelope = key.seal_in_place_with_rng(&mut rng, header, &mut buffer)?;
    println!("   ciphertext    {}", hex(&buffer));
    println!(
        "   franking tag  {}",
        hex(envelope.franking_tag().as_bytes())
    );
    println!(
        "   integrity tag {}",
        hex(envelope.integrity_tag().as_bytes())
    );

    println!("2. Platform: stamp the franking tag with the delivery context");
    // Key 1 stamps from a day ago until a rotation closes its interval.
    let since = KeyInterval::starting_at(now - 86_400);
    let platform_key = PlatformKey::generate(KeyId::new(1), since, &mut rng)?;
    let mut keyring = Keyring::new(platform_key, 30 * 86_400);
    let context = Context::new(b"alice", b"bob", now, b"msg-0001")?;
    let stamp = keyring.stamp(envelope.franking_tag(), &context)?;
    println!(
        "   stamp         key {} mac {}",
        stamp.key_id().get(),
        hex(stamp.mac().as_bytes())
    );

    println!("3. Recipient: open (the franking tag is checked before anything is released)");
    let opened = key.open_in_place(&envelope, header, &mut buffer)?;
    println!(
        "   message       {:?}",
        String::from_utf8_lossy(opened.message())
    );
    let report = opened.report(&context, &stamp);
    let mut evidence = vec![0u8; report.encoded_len()];
    report.encode_into(&mut evidence)?;
    println!(
        "   report        {} bytes kept as evidence, sent on report",
        evidence.len()
    );

    println!("4. Platform rotates its key; old stamps keep verifying");
    keyring.rotate_generate(KeyId::new(2), now + 60, &mut rng)?;
    for (id, interval) in keyring.keys() {
        let until = match interval.is_open() {
            true => "open".to_string(),
            false => interval.not_after().to_string(),
        };
        println!(
            "   key {}        stamps from {} until {until}",
            id.get(),
            interval.not_before()
        );
    }

    println!("5. Moderator: decode and verify the report an hour later");
    let received = Report::decode(&evidence)?;
    let verified = verify(&keyring, now + 3_600, &received)?;
    println!(
        "   verdict       VERIFIED: {} sent {:?} to {} at {} (message id {})",
        String::from_utf8_lossy(verified.sender()),
        String::from_utf8_lossy(verified.message()),
        String::from_utf8_lossy(verified.recipient()),
        verified.timestamp(),
        String::from_utf8_lossy(verified.message_id()),
    );

    println!("6. A recipient edits the reported message to frame the sender");
    let mut forged = evidence.clone();
    let at = forged.len() - message.len(); // the message is the last field
    forged[at..at + 4].copy_from_slice(b"MEET");
    let forged = Report::decode(&forged)?;
    let verdict = verify(&keyring, now + 3_600, &forged);
    println!(
        "   message       {:?}",
        String::from_utf8_lossy(forged.message())
    );
    println!("   verdict       {verdict:?}");
    assert_eq!(verdict, Err(Error::Invalid));

    println!("7. The same genuine report, a year later");
    let verdict = verify(&keyring, now + 365 * 86_400, &received);
    println!("   verdict       {verdict:?}");
    assert_eq!(verdict.map_err(|e| e.kind()), Err(ErrorKind::Expired));
    Ok(())
}
