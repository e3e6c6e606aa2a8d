//! An MLS group member that franks what it sends and checks what it receives.

use std::ops::RangeInclusive;

use franking::{FrankingTag, Opening, commit_with_rng, verify_commitment};
use openmls::prelude::{
    BasicCredential, CredentialWithKey, GroupId, KeyPackage, MlsGroup, MlsGroupCreateConfig,
    MlsGroupJoinConfig, MlsMessageBodyIn, MlsMessageIn, OpenMlsProvider, ProcessedMessageContent,
    StagedWelcome, tls_codec::Deserialize,
};
use openmls_basic_credential::SignatureKeyPair;
use openmls_rust_crypto::OpenMlsRustCrypto;

use crate::hub::Delivery;
use crate::payload::{self, Content};
use crate::{CIPHERSUITE, Error, excerpt, mls};

/// A message this member accepted (or its own, confirmed by the hub), with
/// the evidence to report it.
#[derive(Clone, Debug)]
pub struct Received {
    /// The room's sequence number, from the hub.
    pub seq: u64,
    /// The sender, as both the hub and MLS authenticated it.
    pub sender: Vec<u8>,
    /// When the hub accepted it.
    pub timestamp: u64,
    /// What was rendered: exactly the committed bytes, parsed.
    pub content: Content,
    /// The encoded single-message `franking::Report` for this message.
    pub evidence: Vec<u8>,
}

/// One of this member's own messages, waiting for the hub's receipt.
struct Pending {
    bytes: Vec<u8>,
    header: Vec<u8>,
    message: Vec<u8>,
    opening: Opening,
    tag: FrankingTag,
}

/// A group member: its MLS state, its sent messages awaiting receipts, and
/// the conversation it has accepted.
pub struct Member {
    identity: Vec<u8>,
    provider: OpenMlsRustCrypto,
    signer: SignatureKeyPair,
    credential: CredentialWithKey,
    group: Option<MlsGroup>,
    pending: Vec<Pending>,
    log: Vec<Received>,
}

impl Member {
    /// A new client with a basic credential for `identity` (the same identity
    /// the hub authenticates its sessions under).
    pub fn new(identity: &str) -> Result<Self, Error> {
        let provider = OpenMlsRustCrypto::default();
        let signer = SignatureKeyPair::new(CIPHERSUITE.signature_algorithm()).map_err(mls)?;
        signer.store(provider.storage()).map_err(mls)?;
        let credential = CredentialWithKey {
            credential: BasicCredential::new(identity.as_bytes().to_vec()).into(),
            signature_key: signer.to_public_vec().into(),
        };
        Ok(Self {
            identity: identity.as_bytes().to_vec(),
            provider,
            signer,
            credential,
            group: None,
            pending: Vec::new(),
            log: Vec::new(),
        })
    }

    /// This member's identity.
    pub fn identity(&self) -> &[u8] {
        &self.identity
    }

    /// A fresh key package, for someone to add this member to a group.
    pub fn key_package(&self) -> Result<KeyPackage, Error> {
        let bundle = KeyPackage::builder()
            .build(
                CIPHERSUITE,
                &self.provider,
                &self.signer,
                self.credential.clone(),
            )
            .map_err(mls)?;
        Ok(bundle.key_package().clone())
    }

    /// Creates the group `group_id` with this member alone in it.
    pub fn create_group(&mut self, group_id: &[u8]) -> Result<(), Error> {
        let config = MlsGroupCreateConfig::builder()
            .ciphersuite(CIPHERSUITE)
            .use_ratchet_tree_extension(true)
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
        Ok(())
    }

    /// Adds members (by key package) and returns the Welcome for them.
    ///
    /// Only the creator is in the group before this commit, so no other
    /// member needs the commit message itself.
    pub fn add_members(&mut self, key_packages: &[KeyPackage]) -> Result<Vec<u8>, Error> {
        let group = self.group.as_mut().ok_or(Error::Rejected("no group"))?;
        let (_commit, welcome, _group_info) = group
            .add_members(&self.provider, &self.signer, key_packages)
            .map_err(mls)?;
        group.merge_pending_commit(&self.provider).map_err(mls)?;
        welcome.to_bytes().map_err(mls)
    }

    /// Joins a group from a Welcome.
    pub fn join(&mut self, welcome: &[u8]) -> Result<(), Error> {
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
        Ok(())
    }

    /// The id of this member's group.
    pub fn group_id(&self) -> Result<Vec<u8>, Error> {
        let group = self.group.as_ref().ok_or(Error::Rejected("no group"))?;
        Ok(group.group_id().as_slice().to_vec())
    }

    /// Franks and encrypts `content`; returns the MLS message to submit to the hub.
    ///
    /// `M` = the encoded content (everything a recipient renders), `H` = group
    /// id and own identity. The tag goes into the message's
    /// `authenticated_data`, the opening into the encrypted payload.
    pub fn send(&mut self, content: &Content) -> Result<Vec<u8>, Error> {
        let header = payload::header(&self.group_id()?, &self.identity)?;
        let message = content.encode();
        let (opening, tag) = commit_with_rng(&mut rand::rng(), &header, &message)?;
        let bytes = self.send_raw(tag.as_bytes(), &payload::encode_payload(&opening, &message))?;
        self.pending.push(Pending {
            bytes: bytes.clone(),
            header,
            message,
            opening,
            tag,
        });
        Ok(bytes)
    }

    /// The MLS step alone: an application message with `authenticated_data`
    /// and the encrypted `payload`, and no record of it. [`send`] calls it
    /// with the franking tag; the demo and the tests call it directly to play
    /// a dishonest sender.
    ///
    /// [`send`]: Self::send
    pub fn send_raw(
        &mut self,
        authenticated_data: &[u8],
        payload: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let group = self.group.as_mut().ok_or(Error::Rejected("no group"))?;
        group.set_aad(authenticated_data.to_vec());
        let message = group
            .create_message(&self.provider, &self.signer, payload)
            .map_err(mls)?;
        message.to_bytes().map_err(mls)
    }

    /// Takes one delivery from the hub: either the receipt for one of this
    /// member's own messages, or another member's message to decrypt and check.
    ///
    /// A message is accepted, rendered and kept only if MLS decrypts and
    /// authenticates it, the hub's sender and room match MLS's, the
    /// `authenticated_data` is a franking tag, and that tag commits to the
    /// header and the whole payload but the opening. Anything else is
    /// rejected and leaves no trace in the conversation.
    pub fn receive(&mut self, delivery: &Delivery) -> Result<&Received, Error> {
        let group_id = self.group_id()?;
        if delivery.room != group_id {
            return Err(Error::Rejected("delivery for another room"));
        }
        let received = if delivery.sender == self.identity {
            self.own_receipt(delivery)?
        } else {
            self.check_incoming(delivery, &group_id)?
        };
        self.log.push(received);
        self.log.last().ok_or(Error::Rejected("empty log"))
    }

    fn own_receipt(&mut self, delivery: &Delivery) -> Result<Received, Error> {
        let at = self
            .pending
            .iter()
            .position(|p| p.bytes == delivery.bytes)
            .ok_or(Error::Rejected(
                "receipt for a message this member did not send",
            ))?;
        let Pending {
            header,
            message,
            opening,
            tag,
            ..
        } = self.pending.remove(at);
        evidence(delivery, &header, &message, opening, &tag)
    }

    fn check_incoming(&mut self, delivery: &Delivery, group_id: &[u8]) -> Result<Received, Error> {
        let group = self.group.as_mut().ok_or(Error::Rejected("no group"))?;
        let protocol = MlsMessageIn::tls_deserialize_exact(delivery.bytes.as_slice())
            .map_err(mls)?
            .try_into_protocol_message()
            .map_err(mls)?;
        let processed = group
            .process_message(&self.provider, protocol)
            .map_err(mls)?;
        let mls_sender = BasicCredential::try_from(processed.credential().clone())
            .map_err(mls)?
            .identity()
            .to_vec();
        // The hub stamps the session's identity; MLS authenticated the
        // credential. If they differ, a report would name someone other
        // than the author the member saw.
        if mls_sender != delivery.sender {
            return Err(Error::Rejected("hub's sender differs from the MLS sender"));
        }
        // The one copy of the tag: the authenticated_data MLS just
        // authenticated, which is the one the hub read and stamped.
        let tag = FrankingTag::try_from(processed.aad())
            .map_err(|_| Error::Rejected("authenticated_data is not a franking tag"))?;
        let ProcessedMessageContent::ApplicationMessage(application) = processed.into_content()
        else {
            return Err(Error::Rejected("not an application message"));
        };
        let plaintext = application.into_bytes();
        let (opening, message) = payload::decode_payload(&plaintext)?;
        let header = payload::header(group_id, &mls_sender)?;
        evidence(delivery, &header, message, opening, &tag).map_err(|e| match e {
            Error::Franking(_) => Error::Rejected("franking tag does not commit to the payload"),
            other => other,
        })
    }

    /// The messages accepted so far, in the order received.
    pub fn conversation(&self) -> &[Received] {
        &self.log
    }

    /// Reports the messages with sequence numbers `seqs`: every one of them
    /// must be in this member's conversation.
    pub fn report(&self, seqs: RangeInclusive<u64>) -> Result<Vec<u8>, Error> {
        let mut chosen = Vec::new();
        for seq in seqs {
            let received = self
                .log
                .iter()
                .find(|r| r.seq == seq)
                .ok_or(Error::Rejected("a message of the excerpt is missing"))?;
            chosen.push(received.evidence.as_slice());
        }
        excerpt::encode(&chosen)
    }
}

/// Checks the commitment on exactly the bytes to render, then keeps the
/// report for them with the hub's context and stamp.
fn evidence(
    delivery: &Delivery,
    header: &[u8],
    message: &[u8],
    opening: Opening,
    tag: &FrankingTag,
) -> Result<Received, Error> {
    let opened = verify_commitment(header, message, opening, tag)?;
    let content = Content::decode(opened.message())?;
    let context = delivery.context()?;
    let report = opened.report(&context, &delivery.stamp).to_vec()?;
    Ok(Received {
        seq: delivery.seq,
        sender: delivery.sender.clone(),
        timestamp: delivery.timestamp,
        content,
        evidence: report,
    })
}
