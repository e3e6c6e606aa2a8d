//! The room's MIMI components in the MLS GroupContext: `safe_aad` (which
//! Safe AAD components every message may carry) and `franking_agent` (the
//! hub's franking signature key).
//!
//! ```text
//! struct {
//!   SignaturePublicKey franking_signature_key;   /* opaque <V> */
//!   Credential credential;                       /* the hub's */
//! } FrankingAgentData;
//! ```
//!
//! Both live in the `app_data_dictionary` GroupContext extension
//! (draft-ietf-mls-extensions), so every member agrees on them through MLS:
//! a member takes the key that verifies franks from its own group state,
//! never from a message, and a follower provider cannot substitute one.

use openmls::component::{ComponentId, ComponentType, ComponentsList};
use openmls::prelude::tls_codec::{Deserialize, Serialize};
use openmls::prelude::{
    AppDataDictionary, AppDataDictionaryExtension, BasicCredential, Credential, Extension,
    Extensions, GroupContext, SignaturePublicKey,
};

use crate::{Error, mls};

/// The `frank_aad` Safe AAD component. -06 leaves its value `TBD1`; this
/// flow takes one from the private-use range (0x8000 and up), which every
/// party here agrees on.
pub const FRANK_AAD: ComponentId = 0x8001;

/// The `franking_agent` GroupContext component (`TBD` in -06; private use,
/// like [`FRANK_AAD`]).
pub const FRANKING_AGENT: ComponentId = 0x8002;

/// The hub as the room's franking agent: its franking signature key and
/// credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrankingAgent {
    /// The encoded public key that verifies franks (the scheme is the
    /// group's cipher suite's).
    pub signature_key: Vec<u8>,
    /// The hub's identity: its provider URI, e.g. `mimi://hub.example`.
    pub hub_uri: String,
}

impl FrankingAgent {
    /// `FrankingAgentData`, TLS-encoded.
    pub fn encode(&self) -> Result<Vec<u8>, Error> {
        let key = SignaturePublicKey::from(self.signature_key.clone());
        let credential: Credential = BasicCredential::new(self.hub_uri.as_bytes().to_vec()).into();
        let mut out = key.tls_serialize_detached().map_err(mls)?;
        out.extend(credential.tls_serialize_detached().map_err(mls)?);
        Ok(out)
    }

    /// Parses `FrankingAgentData` strictly (no trailing bytes, a basic
    /// credential).
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut reader = bytes;
        let key = SignaturePublicKey::tls_deserialize(&mut reader)
            .map_err(|_| Error::Malformed("franking_agent key"))?;
        let credential = Credential::tls_deserialize(&mut reader)
            .map_err(|_| Error::Malformed("franking_agent credential"))?;
        if !reader.is_empty() {
            return Err(Error::Malformed("franking_agent: trailing bytes"));
        }
        let identity = BasicCredential::try_from(credential)
            .map_err(|_| Error::Malformed("franking_agent: not a basic credential"))?;
        let hub_uri = String::from_utf8(identity.identity().to_vec())
            .map_err(|_| Error::Malformed("franking_agent: hub URI"))?;
        Ok(Self {
            signature_key: key.as_slice().to_vec(),
            hub_uri,
        })
    }

    /// The GroupContext extensions of a MIMI room: an `app_data_dictionary`
    /// with `safe_aad` listing [`FRANK_AAD`], and `franking_agent` holding
    /// this agent.
    pub fn group_context_extensions(&self) -> Result<Extensions<GroupContext>, Error> {
        let mut dictionary = AppDataDictionary::new();
        let safe_aad = ComponentsList::new(vec![FRANK_AAD])
            .tls_serialize_detached()
            .map_err(mls)?;
        dictionary.insert(ComponentId::from(ComponentType::SafeAad), safe_aad);
        dictionary.insert(FRANKING_AGENT, self.encode()?);
        Extensions::single(Extension::AppDataDictionary(
            AppDataDictionaryExtension::new(dictionary),
        ))
        .map_err(mls)
    }

    /// The franking agent of a group, from its GroupContext extensions.
    pub fn from_group_context(extensions: &Extensions<GroupContext>) -> Result<Self, Error> {
        let data = extensions
            .app_data_dictionary()
            .and_then(|d| d.dictionary().get(&FRANKING_AGENT))
            .ok_or(Error::Rejected("the group has no franking agent"))?;
        Self::decode(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn franking_agent_round_trips_and_is_strict() -> Result<(), Error> {
        let agent = FrankingAgent {
            signature_key: vec![9; 32],
            hub_uri: "mimi://hub.example".into(),
        };
        let bytes = agent.encode()?;
        assert_eq!(FrankingAgent::decode(&bytes)?, agent);
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(FrankingAgent::decode(&longer).is_err());
        assert!(FrankingAgent::decode(&bytes[..bytes.len() - 1]).is_err());
        let extensions = agent.group_context_extensions()?;
        assert_eq!(FrankingAgent::from_group_context(&extensions)?, agent);
        Ok(())
    }
}
