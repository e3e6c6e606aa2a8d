//! Where the flow calls `franking::mimi` (SPEC.md 17): the hub's secrets
//! and franking, the receiver's check on arrival, and the abuse report the
//! reporter encodes and the hub verifies.

use franking::mimi::{
    AbuseReport, AbusiveMessage, CipherSuite, ContentFields, Frank, FrankingTag, HubKey,
    HubSigningKey, HubVerifyingKey, NewAbuseReport, ReceivedMessage, ReceiverView, Salt,
    ServerFrankingContext, SignedFrank, verify_abuse_report, verify_received,
};
use openmls::prelude::Ciphersuite;
use rand::CryptoRng;

use super::agent::FrankingAgent;
use super::content::{MimiContent, Parsed};
use super::hub::VerifiedReport;
use crate::Error;

/// The suites whose rooms the hub can frank in: those with a signature
/// scheme in `franking::mimi` that openmls also runs (1, 2 and 3).
const SUITES: [Ciphersuite; 3] = [
    Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519,
    Ciphersuite::MLS_128_DHKEMP256_AES128GCM_SHA256_P256,
    Ciphersuite::MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519,
];

/// The `franking::mimi` suite of an openmls cipher suite.
pub fn suite(ciphersuite: Ciphersuite) -> Result<CipherSuite, Error> {
    CipherSuite::from_u16(ciphersuite as u16).ok_or(Error::Refused(
        "no franking signature scheme for this cipher suite",
    ))
}

/// The hub's franking secrets: its hub keys (the last one franks; the
/// older ones still verify reports) and one signing key per suite.
pub struct HubSecrets {
    hub_keys: Vec<HubKey>,
    signing_keys: Vec<HubSigningKey>,
}

impl HubSecrets {
    /// One fresh hub key and a fresh signing key for each suite.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Result<Self, Error> {
        let mut signing_keys = Vec::new();
        for ciphersuite in SUITES {
            signing_keys.push(signing_key(suite(ciphersuite)?, rng)?);
        }
        Ok(Self {
            hub_keys: vec![HubKey::generate(rng)],
            signing_keys,
        })
    }

    /// Starts franking with a new hub key; the old ones keep verifying.
    pub fn rotate_hub_key<R: CryptoRng + ?Sized>(&mut self, rng: &mut R) -> Result<(), Error> {
        self.hub_keys.push(HubKey::generate(rng));
        Ok(())
    }

    /// Forgets the oldest hub key (never the one that franks): franks made
    /// under it no longer verify.
    pub fn retire_oldest_hub_key(&mut self) {
        if self.hub_keys.len() > 1 {
            self.hub_keys.remove(0);
        }
    }

    fn signing_key(&self, ciphersuite: Ciphersuite) -> Result<&HubSigningKey, Error> {
        let suite = suite(ciphersuite)?;
        self.signing_keys
            .iter()
            .find(|k| k.suite() == suite)
            .ok_or(Error::Refused("no signing key for this cipher suite"))
    }

    /// The franking verifying key for rooms in `ciphersuite`, encoded as
    /// the `franking_agent` component carries it.
    pub fn verifying_key(&self, ciphersuite: Ciphersuite) -> Result<Vec<u8>, Error> {
        let (bytes, len) = self.signing_key(ciphersuite)?.verifying_key().to_bytes();
        Ok(bytes[..len].to_vec())
    }

    /// The encoded `Frank` of a message with `tag` that `sender_uri`
    /// submitted in `room_uri`, accepted at `timestamp` (ms).
    pub fn frank(
        &self,
        ciphersuite: Ciphersuite,
        tag: &FrankingTag,
        sender_uri: &str,
        room_uri: &str,
        timestamp: u64,
    ) -> Result<Vec<u8>, Error> {
        let hub_key = self
            .hub_keys
            .last()
            .ok_or(Error::Refused("the hub has no hub key"))?;
        let context =
            ServerFrankingContext::new(sender_uri.as_bytes(), room_uri.as_bytes(), timestamp);
        let signed = SignedFrank::new(hub_key, self.signing_key(ciphersuite)?, tag, &context)?;
        let frank = signed.as_frank();
        let mut out = vec![0; frank.encoded_len()?];
        frank.encode_into(&mut out)?;
        Ok(out)
    }
}

/// A signing key for `suite` from 32 random bytes (a P-256 scalar out of
/// range is drawn again).
fn signing_key<R: CryptoRng + ?Sized>(
    suite: CipherSuite,
    rng: &mut R,
) -> Result<HubSigningKey, Error> {
    let mut secret = [0u8; 32];
    let key = loop {
        rng.fill_bytes(&mut secret);
        if let Ok(key) = HubSigningKey::from_bytes(suite, &secret) {
            break key;
        }
    };
    secret.fill(0);
    Ok(key)
}

/// What a member knows of a decrypted message, to check its frank.
pub struct Arrival<'a> {
    /// The `frank_aad` tag MLS authenticated.
    pub tag: &'a FrankingTag,
    /// The decrypted application data.
    pub application_data: &'a [u8],
    /// The same, parsed.
    pub content: &'a MimiContent,
    /// The content's salt.
    pub salt: &'a Salt,
    /// The user URI of the sender's MLS credential.
    pub sender_uri: &'a str,
    /// The room this member is in.
    pub room_uri: &'a str,
    /// The hub's accepted timestamp (ms).
    pub timestamp: u64,
    /// The encoded `Frank`.
    pub frank: &'a [u8],
}

/// What [`verify_on_receipt`] verified: the context to store with the
/// message, and its decoded frank (both borrowed from the arrival), for
/// [`franking::mimi::check_history`] and then the evidence to keep.
#[derive(Clone, Copy, Debug)]
pub struct Received<'a> {
    /// The context the hub signed: the content's sender and room URIs and
    /// the hub's accepted timestamp.
    pub context: ServerFrankingContext<'a>,
    /// The hub's frank, decoded.
    pub frank: Frank<'a>,
}

/// SPEC.md 17.8 steps 1 and 2 with the room's franking agent and the
/// group's suite: the signature, the tag, the sender URI against the MLS
/// credential, the room. Step 3 ([`franking::mimi::check_history`]) is the
/// caller's, against what it stored.
pub fn verify_on_receipt<'a>(
    agent: &FrankingAgent,
    ciphersuite: Ciphersuite,
    arrival: &Arrival<'a>,
) -> Result<Received<'a>, Error> {
    let key = HubVerifyingKey::from_bytes(suite(ciphersuite)?, &agent.signature_key)?;
    let frank = Frank::decode(arrival.frank)?;
    let message = ReceivedMessage {
        franking_tag: arrival.tag,
        application_data: arrival.application_data,
        salt: arrival.salt,
        sender_uri: arrival.content.sender_uri.as_bytes(),
        room_uri: arrival.content.room_uri.as_bytes(),
        accepted_timestamp: arrival.timestamp,
        frank,
    };
    let view = ReceiverView {
        franking_agent_key: &key,
        credential_user_uri: arrival.sender_uri.as_bytes(),
        room_uri: arrival.room_uri.as_bytes(),
    };
    let context = verify_received(&message, &view)?;
    Ok(Received { context, frank })
}

/// The encoded `AbusiveMessage` a receiver keeps for a message it accepted:
/// the application data, the frank, the accepted timestamp.
pub fn abusive_message(application_data: &[u8], received: &Received<'_>) -> Result<Vec<u8>, Error> {
    let kept = AbusiveMessage {
        message_content: application_data,
        frank: received.frank,
        accepted_timestamp: received.context.accepted_timestamp,
    };
    let mut out = vec![0; kept.encoded_len()?];
    kept.encode_into(&mut out)?;
    Ok(out)
}

/// An `AbuseReport` (reason 0, no extensions) of kept `AbusiveMessage`s.
pub fn encode_report(
    reporting_user: &str,
    alleged_abuser: &str,
    note: &str,
    evidence: &[&[u8]],
) -> Result<Vec<u8>, Error> {
    let messages = evidence
        .iter()
        .map(|bytes| AbusiveMessage::decode(bytes))
        .collect::<Result<Vec<_>, _>>()?;
    let report = NewAbuseReport {
        reporting_user: reporting_user.as_bytes(),
        alleged_abuser_uri: alleged_abuser.as_bytes(),
        reason_code: 0,
        note,
        messages: &messages,
        extensions: &[],
    };
    let mut out = vec![0; report.encoded_len()?];
    report.encode_into(&mut out)?;
    Ok(out)
}

/// A reported message the hub verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedMessage {
    /// The sender the hub franked (and the content names).
    pub sender_uri: String,
    /// When the hub accepted it (ms).
    pub timestamp: u64,
    /// The content, parsed.
    pub content: MimiContent,
}

/// The hub's check of a report posted to `room_uri` (SPEC.md 17.10): every
/// message franked under one of the hub's keys and signed for the room's
/// suite, by the alleged abuser (`franking::mimi::verify_abuse_report`);
/// then, the hub's own checks, every message sent in this room, and at
/// least one message.
pub fn verify_report(
    secrets: &HubSecrets,
    ciphersuite: Ciphersuite,
    room_uri: &str,
    bytes: &[u8],
) -> Result<VerifiedReport, Error> {
    let report = AbuseReport::decode(bytes)?;
    // Only the room's suite: a frank claiming another does not verify.
    let verifying = [secrets.signing_key(ciphersuite)?.verifying_key()];
    let mut slots = vec![None; report.message_count()];
    let verified = verify_abuse_report(
        &secrets.hub_keys,
        &verifying,
        &report,
        |c| {
            let parsed = Parsed::decode(c).map_err(|_| franking::Error::Malformed {
                field: "message_content",
                offset: 0,
            })?;
            Ok(ContentFields {
                salt: Salt::from_bytes(parsed.salt),
                sender_uri: parsed.sender_uri.as_bytes(),
                room_uri: parsed.room_uri.as_bytes(),
            })
        },
        &mut slots,
    )
    .map_err(|(_index, e)| Error::Franking(e))?;
    let mut messages = Vec::new();
    for message in verified.messages() {
        if message.room_uri() != room_uri.as_bytes() {
            return Err(Error::ExcerptInvalid("a message of another room"));
        }
        let content = MimiContent::decode(message.message_content())?;
        messages.push(VerifiedMessage {
            sender_uri: content.sender_uri.clone(),
            timestamp: message.accepted_timestamp(),
            content,
        });
    }
    // verify_abuse_report checked every message's sender against the
    // report's allegedAbuserUri; a report with none verified nothing.
    let alleged_abuser = verified
        .abuser_uri()
        .ok_or(Error::ExcerptInvalid("a report without messages"))?;
    let alleged_abuser = String::from_utf8(alleged_abuser.to_vec())
        .map_err(|_| Error::Malformed("alleged abuser URI"))?;
    Ok(VerifiedReport {
        reporting_user: String::from_utf8_lossy(report.reporting_user).into_owned(),
        alleged_abuser,
        messages,
    })
}
