//! The MIMI flow in one room of three, printed step by step: messages
//! franked by the hub and verified by every member on arrival, a follower
//! provider that moves a timestamp, then another message's frank (both
//! rejected), and an abuse report of
//! several messages that the hub verifies across a hub-key rotation.
//!
//! Run with `cargo run --manifest-path interop/mls/Cargo.toml --example mimi`
//! (add `p256` as an argument for cipher suite 2).

use franking::mimi::AbusiveMessage;
use franking_mls::mimi::frank::HubSecrets;
use franking_mls::mimi::hub::{MimiHub, read_public_framing};
use franking_mls::mimi::room::{Outcomes, deliver, form_room};
use franking_mls::mimi::wire::FanoutMessage;
use franking_mls::{Ciphersuite, Error};

const ROOM: &str = "mimi://hub.example/r/clubhouse";
const USERS: [&str; 3] = [
    "mimi://a.example/u/alice",
    "mimi://b.example/u/bob",
    "mimi://c.example/u/cathy",
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Each member's verdict on one message.
fn print_verdicts(outcomes: &Outcomes) {
    for (i, outcome) in outcomes.iter().enumerate() {
        let verdict = match outcome {
            Ok(_) => "keeps it".to_string(),
            Err(e) => format!("rejects it ({e})"),
        };
        println!("      {:<26} {verdict}", USERS[i]);
    }
}

fn main() -> Result<(), Error> {
    let suite = if std::env::args().any(|a| a == "p256") {
        Ciphersuite::MLS_128_DHKEMP256_AES128GCM_SHA256_P256
    } else {
        Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519
    };
    let mut clock = 1_760_000_000_000u64; // the hub's clock, ms
    let mut hub = MimiHub::new(
        "mimi://hub.example",
        HubSecrets::generate(&mut rand::rng())?,
        move || {
            clock += 1_500;
            clock
        },
    );
    println!("1. room {ROOM} on the hub, suite {suite:?}");
    let mut members = form_room(
        &mut hub,
        suite,
        ROOM,
        b"mimi://hub.example/g/clubhouse",
        &USERS,
    )?;
    let agent = members[1].franking_agent()?;
    println!(
        "   franking_agent in the GroupContext: {} key {}...",
        agent.hub_uri,
        &hex(&agent.signature_key)[..16]
    );

    println!("2. members send; the hub franks the frank_aad tag it reads from the Safe AAD");
    let script = [
        (0, "you know what happens if you don't"),
        (2, "alice, stop"),
        (0, "last warning"),
    ];
    for (sender, text) in script {
        let message = members[sender].send(text)?;
        let (_, tag) = read_public_framing(&message)?;
        let (response, _, outcomes) =
            deliver(&mut hub, &mut members, sender, ROOM, &message, |f| f)?;
        println!(
            "   {} at {} ms: tag {}..., frank {}...",
            USERS[sender],
            response.timestamp,
            &hex(tag.as_bytes())[..16],
            &hex(&response.frank)[..16]
        );
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let kept = outcome?;
            println!(
                "      {:<26} verifies and shows {:?}",
                USERS[i],
                kept.content.text_body().unwrap_or("")
            );
        }
    }

    println!("3. a follower provider moves the timestamp by a minute on the way to bob and cathy");
    let message = members[0].send("see you at eight")?;
    let (_, _, outcomes) = deliver(&mut hub, &mut members, 0, ROOM, &message, |mut f| {
        if let Ok(mut body) = FanoutMessage::decode(&f.body) {
            body.timestamp -= 60_000;
            f.body = body.encode();
        }
        f
    })?;
    print_verdicts(&outcomes);

    println!("   then it moves the frank and timestamp of alice's first message onto her next");
    // The signature does not cover the tag, so the moved frank verifies;
    // bob and cathy hold it already (check_history, SPEC.md 17.8 step 3).
    let first = AbusiveMessage::decode(&members[1].kept()[0].evidence)?;
    let mut moved = vec![0; first.frank.encoded_len()?];
    first.frank.encode_into(&mut moved)?;
    let moved_timestamp = first.accepted_timestamp;
    let message = members[0].send("see you at nine")?;
    let (_, _, outcomes) = deliver(&mut hub, &mut members, 0, ROOM, &message, |mut f| {
        if let Ok(mut body) = FanoutMessage::decode(&f.body) {
            body.frank = Some(moved.clone());
            body.timestamp = moved_timestamp;
            f.body = body.encode();
        }
        f
    })?;
    print_verdicts(&outcomes);
    assert!(outcomes[1..].iter().all(Result::is_err));

    println!("4. the hub rotates its hub key; alice sends again");
    hub.secrets_mut().rotate_hub_key(&mut rand::rng())?;
    let message = members[0].send("I know where you live")?;
    let (_, _, outcomes) = deliver(&mut hub, &mut members, 0, ROOM, &message, |f| f)?;
    for outcome in outcomes {
        outcome?;
    }

    println!("5. cathy reports alice's messages in one AbuseReport");
    let alices: Vec<usize> = members[2]
        .kept()
        .iter()
        .enumerate()
        .filter(|(_, k)| k.sender_uri == USERS[0])
        .map(|(i, _)| i)
        .collect();
    let report = members[2].report(&alices, USERS[0], "threats")?;
    println!("   {} bytes, {} messages", report.len(), alices.len());
    let verified = hub.verify_report(ROOM, &report)?;
    println!("   VERIFIED against {}", verified.alleged_abuser);
    for m in &verified.messages {
        println!(
            "      {} ms {:?}",
            m.timestamp,
            m.content.text_body().unwrap_or("")
        );
    }

    println!("6. cathy edits a message in her copy");
    let text = b"last warning";
    let mut forged = report.clone();
    let at = forged
        .windows(text.len())
        .position(|w| w == text)
        .ok_or(Error::Malformed("text not found"))?;
    forged[at..at + 4].copy_from_slice(b"LAST");
    let verdict = hub.verify_report(ROOM, &forged);
    println!("   {verdict:?}");
    assert!(verdict.is_err());
    Ok(())
}
