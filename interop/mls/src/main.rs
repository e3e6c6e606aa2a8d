//! The whole flow in one MLS group of three, printed step by step:
//! franked messages, the hub's stamps, a dishonest sender rejected by every
//! member, a reported excerpt verified by the moderator, an edited one
//! rejected, and one with a message left out rejected for its gap.
//!
//! Run with `cargo run --manifest-path interop/mls/Cargo.toml`.

use franking::{KeyId, KeyInterval, Keyring, PlatformKey};
use franking_mls::hub::{Hub, read_public_framing};
use franking_mls::moderator::Moderator;
use franking_mls::payload::{self, Attachment, Content};
use franking_mls::room::{deliver, form_group};
use franking_mls::{Error, excerpt};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> Result<(), Error> {
    let mut rng = rand::rng();
    let start = 1_760_000_000; // the hub's clock: seconds since the Unix epoch
    let keyring = Keyring::new(
        PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(start), &mut rng)?,
        30 * 86_400,
    );
    let mut clock = start;
    let mut hub = Hub::new(keyring.clone(), move || {
        clock += 60;
        clock
    });
    let moderator = Moderator::new(keyring.clone());
    let room_id = b"room-7f3a";

    println!(
        "1. alice creates MLS group {:?}, adds bob and carol (one Welcome)",
        "room-7f3a"
    );
    let mut members = form_group(&mut hub, room_id, &["alice", "bob", "carol"])?;
    println!("   ciphersuite   {:?}", franking_mls::CIPHERSUITE);

    let script: [(usize, Content); 4] = [
        (0, Content::text("are you coming tonight?")),
        (1, Content::text("who is asking")),
        (
            0,
            Content {
                text: "you know what happens if you don't".into(),
                attachment: Some(Attachment {
                    locator: "blob:91c2".into(),
                    sha256: [0x5a; 32],
                }),
            },
        ),
        (2, Content::text("alice, stop")),
    ];
    println!("2. members send; the hub stamps the tag it reads from the relayed bytes");
    for (sender, content) in &script {
        let bytes = members[*sender].send(content)?;
        let (_, tag) = read_public_framing(&bytes)?;
        let (delivery, outcomes) = deliver(&mut hub, &mut members, *sender, &bytes)?;
        println!(
            "   #{} {:<5} {} bytes MLS, authenticated_data = tag {}..., stamp {}...",
            delivery.seq,
            String::from_utf8_lossy(&delivery.sender),
            bytes.len(),
            &hex(tag.as_bytes())[..16],
            &hex(delivery.stamp.mac().as_bytes())[..16],
        );
        for (member, outcome) in members.iter().zip(outcomes) {
            let received = outcome?;
            println!(
                "      {:<5} accepts {:?}{}",
                String::from_utf8_lossy(member.identity()),
                received.content.text,
                if received.content.attachment.is_some() {
                    " + attachment"
                } else {
                    ""
                },
            );
        }
    }

    println!("3. carol sends a tag that commits to other content than her payload");
    let header = payload::header(room_id, b"carol")?;
    let (_, tag) = franking::commit_with_rng(&mut rng, &header, &Content::text("hello").encode())?;
    let (opening, _) = franking::commit_with_rng(&mut rng, &header, b"")?;
    let sneaky = payload::encode_payload(&opening, &Content::text("something abusive").encode());
    let bytes = members[2].send_raw(tag.as_bytes(), &sneaky)?;
    let (delivery, outcomes) = deliver(&mut hub, &mut members, 2, &bytes)?;
    println!("   hub stamps #{} (it cannot tell)", delivery.seq);
    for (member, outcome) in members.iter().zip(outcomes) {
        let verdict = match outcome {
            Ok(_) => "ACCEPTS (wrong!)".to_string(),
            Err(e) => e.to_string(),
        };
        println!(
            "      {:<5} {verdict}",
            String::from_utf8_lossy(member.identity())
        );
    }

    println!("4. bob reports messages #0 to #3 as an excerpt");
    let report = members[1].report(0..=3)?;
    println!(
        "   excerpt       {} bytes, one conversation report of 4 messages",
        report.len()
    );
    let verified = moderator.verify_excerpt(start + 3_600, &report)?;
    println!(
        "   verdict       VERIFIED, room {:?}",
        String::from_utf8_lossy(&verified.room)
    );
    for m in &verified.messages {
        println!(
            "      #{} at {} {:<5} {:?}{}",
            m.seq,
            m.timestamp,
            String::from_utf8_lossy(&m.sender),
            m.content.text,
            m.content
                .attachment
                .as_ref()
                .map(|a| format!(" + {} sha256 {}...", a.locator, &hex(&a.sha256)[..8]))
                .unwrap_or_default(),
        );
    }

    println!("5. bob edits alice's message in his copy of the evidence");
    let mut edited: Vec<Vec<u8>> = members[1].conversation()[..4]
        .iter()
        .map(|r| r.evidence.clone())
        .collect();
    let text = b"you know what happens";
    let report_bytes = &mut edited[2];
    let at = report_bytes
        .windows(text.len())
        .position(|w| w == text)
        .ok_or(Error::Malformed("text not found"))?;
    report_bytes[at..at + 3].copy_from_slice(b"YOU");
    let forged = excerpt::encode(&edited.iter().map(Vec::as_slice).collect::<Vec<_>>())?;
    let verdict = moderator.verify_excerpt(start + 3_600, &forged);
    println!("   verdict       {verdict:?}");
    assert!(verdict.is_err());

    println!("6. bob leaves out message #2 and reports #0, #1, #3");
    let kept: Vec<&[u8]> = members[1].conversation()[..4]
        .iter()
        .filter(|r| r.seq != 2)
        .map(|r| r.evidence.as_slice())
        .collect();
    let cut = excerpt::encode(&kept)?;
    let gaps = excerpt::verify(&keyring, start + 3_600, &cut)?.gaps;
    println!("   crate verdict gaps {gaps:?}");
    let verdict = moderator.verify_excerpt(start + 3_600, &cut);
    println!("   verdict       {verdict:?}");
    assert!(verdict.is_err());
    Ok(())
}
