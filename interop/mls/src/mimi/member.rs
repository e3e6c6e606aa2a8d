//! A room member in the MIMI profile: an MLS client that franks what it
//! sends (the tag in the Safe AAD) and verifies the hub's frank on every
//! message it receives, before showing it.

use franking::mimi::{FrankHistory, FrankingTag, Salt, SaltBaseSecret, ServerFrank, check_history};
use openmls::prelude::{
    BasicCredential, Capabilities, Ciphersuite, CredentialWithKey, ExtensionType, GroupId,
    KeyPackage, MlsGroup, MlsGroupCreateConfig, MlsGroupJoinConfig, MlsMessageBodyIn, MlsMessageIn,
    OpenMlsProvider, ProcessedMessageContent, SafeAadItem, StagedWelcome, tls_codec::Deserialize,
};
use openmls_basic_credential::SignatureKeyPair;
use openmls_rust_crypto::OpenMlsRustCrypto;
use rand::Rng;

use super::agent::{FRANK_AAD, FrankingAgent};
use super::content::MimiContent;
use super::frank;
use super::wire::{Fanout, FanoutMessage, SubmitResponse};
use crate::{Error, mls};

/// A message this member verified and keeps: what it showed, and the
/// evidence to report it (an encoded `AbusiveMessage`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// The hub's accepted timestamp, in milliseconds.
    pub timestamp: u64,
    /// The sender's user URI: its MLS credential's, which the content and
    /// the hub's signed context both name.
    pub sender_uri: String,
    /// The content, as shown.
    pub content: MimiContent,
    /// `AbusiveMessage`: the content bytes, the frank, the timestamp.
    pub evidence: Vec<u8>,
    /// The hub's server frank (also in `evidence`).
    pub server_frank: [u8; 32],
}

/// Whether the room's hub keeps `accepted_timestamp` strictly increasing per
/// (sender, room), which SPEC.md 17.8 says a hub of this profile should: the
/// hub of this crate does, so a member refuses a timestamp not above the
/// sender's last one in the room (`check_history`'s `strictly_increasing`).
pub const HUB_TIMESTAMPS_STRICTLY_INCREASE: bool = true;

/// One of this member's own messages, waiting for the hub's response.
struct Pending {
    message: Vec<u8>,
    application_data: Vec<u8>,
    content: MimiContent,
}

/// An MLS client in a MIMI room.
pub struct MimiMember {
    uri: String,
    ciphersuite: Ciphersuite,
    provider: OpenMlsRustCrypto,
    signer: SignatureKeyPair,
    credential: CredentialWithKey,
    group: Option<MlsGroup>,
    room_uri: String,
    pending: Vec<Pending>,
    kept: Vec<Kept>,
}

/// Leaf capabilities of every member: the `app_data_dictionary` extension,
/// which a MIMI room's GroupContext carries.
fn capabilities() -> Capabilities {
    Capabilities::new(
        None,
        None,
        Some(&[ExtensionType::AppDataDictionary]),
        None,
        None,
    )
}

impl MimiMember {
    /// A client for the user `uri` (its basic credential's identity: the
    /// sender URI a recipient checks the content against).
    pub fn new(uri: &str, ciphersuite: Ciphersuite) -> Result<Self, Error> {
        let provider = OpenMlsRustCrypto::default();
        let signer = SignatureKeyPair::new(ciphersuite.signature_algorithm()).map_err(mls)?;
        signer.store(provider.storage()).map_err(mls)?;
        let credential = CredentialWithKey {
            credential: BasicCredential::new(uri.as_bytes().to_vec()).into(),
            signature_key: signer.to_public_vec().into(),
        };
        Ok(Self {
            uri: uri.to_owned(),
            ciphersuite,
            provider,
            signer,
            credential,
            group: None,
            room_uri: String::new(),
            pending: Vec::new(),
            kept: Vec::new(),
        })
    }

    /// This member's user URI.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// A fresh key package advertising what a MIMI room needs.
    pub fn key_package(&self) -> Result<KeyPackage, Error> {
        let bundle = KeyPackage::builder()
            .leaf_node_capabilities(capabilities())
            .build(
                self.ciphersuite,
                &self.provider,
                &self.signer,
                self.credential.clone(),
            )
            .map_err(mls)?;
        Ok(bundle.key_package().clone())
    }

    /// Creates the MLS group `group_id` for the room `room_uri`, with the
    /// hub as its franking agent and `frank_aad` as its Safe AAD component.
    pub fn create_room(
        &mut self,
        group_id: &[u8],
        room_uri: &str,
        agent: &FrankingAgent,
    ) -> Result<(), Error> {
        let config = MlsGroupCreateConfig::builder()
            .ciphersuite(self.ciphersuite)
            .use_ratchet_tree_extension(true)
            .capabilities(capabilities())
            .with_group_context_extensions(agent.group_context_extensions()?)
            .build();
        let group = MlsGroup::new_with_group_id(
            &self.provider,
            &self.signer,
            &config,
            GroupId::from_slice(group_id),
            self.credential.clone(),
        )
        .map_err(mls)?;
        self.group = Some(group);
        self.room_uri = room_uri.to_owned();
        Ok(())
    }

    /// Adds members by key package; returns the Welcome for them. Only the
    /// creator is in the group before this commit.
    pub fn add_members(&mut self, key_packages: &[KeyPackage]) -> Result<Vec<u8>, Error> {
        let group = self.group.as_mut().ok_or(Error::Rejected("no group"))?;
        let (_commit, welcome, _group_info) = group
            .add_members(&self.provider, &self.signer, key_packages)
            .map_err(mls)?;
        group.merge_pending_commit(&self.provider).map_err(mls)?;
        welcome.to_bytes().map_err(mls)
    }

    /// Joins from a Welcome that the hub routed for the room `room_uri`.
    pub fn join(&mut self, welcome: &[u8], room_uri: &str) -> Result<(), Error> {
        let MlsMessageBodyIn::Welcome(welcome) = MlsMessageIn::tls_deserialize_exact(welcome)
            .map_err(mls)?
            .extract()
        else {
            return Err(Error::Malformed("not a Welcome"));
        };
        let config = MlsGroupJoinConfig::builder()
            .use_ratchet_tree_extension(true)
            .build();
        let group = StagedWelcome::new_from_welcome(&self.provider, &config, welcome, None)
            .map_err(mls)?
            .into_group(&self.provider)
            .map_err(mls)?;
        self.group = Some(group);
        self.room_uri = room_uri.to_owned();
        Ok(())
    }

    fn group(&self) -> Result<&MlsGroup, Error> {
        self.group.as_ref().ok_or(Error::Rejected("no group"))
    }

    /// The room's franking agent, from this member's GroupContext.
    pub fn franking_agent(&self) -> Result<FrankingAgent, Error> {
        FrankingAgent::from_group_context(self.group()?.extensions())
    }

    /// A fresh salt, as the content draft suggests: exported from MLS
    /// (`salt_base_secret`) and HMAC-ed with a random nonce.
    pub fn salt(&self) -> Result<Salt, Error> {
        let base = self
            .group()?
            .export_secret(self.provider.crypto(), "salt_base_secret", &[], 32)
            .map_err(mls)?;
        let base = SaltBaseSecret::try_from(base.as_slice())
            .map_err(|_| Error::Malformed("salt_base_secret"))?;
        let mut nonce = [0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        Ok(base.derive_salt(&nonce))
    }

    /// Writes `text` as MIMI content naming this member and its room, franks
    /// it, and returns the MLS message to submit to the hub.
    pub fn send(&mut self, text: &str) -> Result<Vec<u8>, Error> {
        let salt = self.salt()?;
        let content = MimiContent::text(*salt.as_bytes(), &self.uri, &self.room_uri, text);
        let application_data = content.encode();
        let tag = FrankingTag::compute(&salt, &application_data);
        let message = self.send_raw(Some(&tag), &application_data)?;
        self.pending.push(Pending {
            message: message.clone(),
            application_data,
            content,
        });
        Ok(message)
    }

    /// The MLS step alone: an application message carrying `tag` (if any)
    /// as the `frank_aad` Safe AAD item, and no record of it. [`send`] calls
    /// it; the tests call it to play a dishonest sender.
    ///
    /// [`send`]: Self::send
    pub fn send_raw(
        &mut self,
        tag: Option<&FrankingTag>,
        application_data: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let group = self.group.as_mut().ok_or(Error::Rejected("no group"))?;
        let items = tag
            .map(|t| SafeAadItem::new(FRANK_AAD, t.as_bytes().to_vec()))
            .into_iter()
            .collect();
        group.set_safe_aad(items).map_err(mls)?;
        let message = group
            .create_message(&self.provider, &self.signer, application_data)
            .map_err(mls)?;
        message.to_bytes().map_err(mls)
    }

    /// Takes the hub's response to one of this member's submissions: checks
    /// the frank as a recipient would, and keeps the message.
    pub fn accept_response(
        &mut self,
        submitted: &[u8],
        response: &SubmitResponse,
    ) -> Result<&Kept, Error> {
        let at = self
            .pending
            .iter()
            .position(|p| p.message == submitted)
            .ok_or(Error::Rejected(
                "response for a message this member did not send",
            ))?;
        let salt = Salt::from_bytes(self.pending[at].content.salt);
        let tag = FrankingTag::compute(&salt, &self.pending[at].application_data);
        let kept = self.check(
            &self.uri,
            &tag,
            &self.pending[at].application_data,
            response.timestamp,
            Some(&response.frank),
        )?;
        self.pending.remove(at);
        self.kept.push(kept);
        self.kept.last().ok_or(Error::Rejected("nothing kept"))
    }

    /// Receives a fanned-out message: decrypts it with MLS, verifies the
    /// frank and the content against MLS's view, and only then shows and
    /// keeps it. Anything that fails leaves no trace.
    pub fn receive(&mut self, fanout: &Fanout) -> Result<&Kept, Error> {
        if fanout.room_uri != self.room_uri {
            return Err(Error::Rejected("fanout for another room"));
        }
        let FanoutMessage {
            timestamp,
            message,
            frank,
        } = FanoutMessage::decode(&fanout.body)?;
        let group = self.group.as_mut().ok_or(Error::Rejected("no group"))?;
        let protocol = MlsMessageIn::tls_deserialize_exact(message.as_slice())
            .map_err(mls)?
            .try_into_protocol_message()
            .map_err(mls)?;
        let processed = group
            .process_message(&self.provider, protocol)
            .map_err(mls)?;
        let sender = BasicCredential::try_from(processed.credential().clone())
            .map_err(mls)?
            .identity()
            .to_vec();
        let sender =
            String::from_utf8(sender).map_err(|_| Error::Rejected("sender URI is not UTF-8"))?;
        // The tag as MLS authenticated it: the frank_aad item of the Safe
        // AAD that openmls parsed, the same bytes the hub read.
        let tag = processed
            .safe_aad_item(FRANK_AAD)
            .ok_or(Error::Rejected("no frank_aad"))
            .and_then(|t| {
                FrankingTag::try_from(t).map_err(|_| Error::Rejected("frank_aad is not a tag"))
            })?;
        let ProcessedMessageContent::ApplicationMessage(application) = processed.into_content()
        else {
            return Err(Error::Rejected("not an application message"));
        };
        let application_data = application.into_bytes();
        let kept = self.check(
            &sender,
            &tag,
            &application_data,
            timestamp,
            frank.as_deref(),
        )?;
        self.kept.push(kept);
        self.kept.last().ok_or(Error::Rejected("nothing kept"))
    }

    /// The receiver's checks (SPEC.md 17.8), then what to keep.
    fn check(
        &self,
        sender: &str,
        tag: &FrankingTag,
        application_data: &[u8],
        timestamp: u64,
        frank: Option<&[u8]>,
    ) -> Result<Kept, Error> {
        let frank = frank.ok_or(Error::Rejected("message without a frank"))?;
        let content = MimiContent::decode(application_data)?;
        let agent = self.franking_agent()?;
        // The agent must be the hub of the room: its URI is the room's
        // authority (-06: "the domain name in the franking_agent.credential
        // corresponds to the domain of the Hub").
        if !self
            .room_uri
            .strip_prefix(agent.hub_uri.as_str())
            .is_some_and(|path| path.starts_with('/'))
        {
            return Err(Error::Rejected("the franking agent is not the room's hub"));
        }
        let salt = Salt::from_bytes(content.salt);
        let arrival = frank::Arrival {
            tag,
            application_data,
            content: &content,
            salt: &salt,
            sender_uri: sender,
            room_uri: &self.room_uri,
            timestamp,
            frank,
        };
        let received = frank::verify_on_receipt(&agent, self.group()?.ciphersuite(), &arrival)?;
        // Step 3: the signature does not cover the franking tag (-06's
        // FrankingIntegrityTBS), so a follower could attach another
        // message's frank and timestamp. What this member kept shows such a
        // move when it also got that message (a frank kept twice), or when
        // that message is older than the sender's last one here (the hub
        // keeps each sender's timestamps strictly increasing per room).
        check_history(
            &received.context,
            &received.frank,
            self,
            HUB_TIMESTAMPS_STRICTLY_INCREASE,
        )?;
        let evidence = frank::abusive_message(application_data, &received)?;
        let server_frank = *received.frank.server_frank.as_bytes();
        Ok(Kept {
            timestamp,
            sender_uri: sender.to_owned(),
            content,
            evidence,
            server_frank,
        })
    }

    /// The messages verified and kept so far, in the order received.
    pub fn kept(&self) -> &[Kept] {
        &self.kept
    }

    /// An `AbuseReport` from this member against `alleged_abuser`, of the
    /// kept messages at `indices` (in that order).
    pub fn report(
        &self,
        indices: &[usize],
        alleged_abuser: &str,
        note: &str,
    ) -> Result<Vec<u8>, Error> {
        let evidence = indices
            .iter()
            .map(|&i| {
                self.kept
                    .get(i)
                    .map(|k| k.evidence.as_slice())
                    .ok_or(Error::Rejected("no such kept message"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        frank::encode_report(&self.uri, alleged_abuser, note, &evidence)
    }
}

/// The member's store as SPEC.md 17.8 step 3 asks it: the server franks of
/// the messages it kept, and the last timestamp of a sender in its room.
impl FrankHistory for MimiMember {
    fn holds_frank(&self, server_frank: &ServerFrank) -> bool {
        self.kept
            .iter()
            .any(|k| &k.server_frank == server_frank.as_bytes())
    }

    fn last_timestamp(&self, sender_uri: &[u8], room_uri: &[u8]) -> Option<u64> {
        // A member is in one room: every kept message is of it.
        if room_uri != self.room_uri.as_bytes() {
            return None;
        }
        self.kept
            .iter()
            .filter(|k| k.sender_uri.as_bytes() == sender_uri)
            .map(|k| k.timestamp)
            .max()
    }
}
