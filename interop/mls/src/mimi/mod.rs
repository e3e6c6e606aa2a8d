//! The MIMI profile (draft-ietf-mimi-protocol-06, "Message Franking" and
//! "Report abuse") over openmls, with `franking::mimi` doing the franking.
//!
//! - [`content`]: the MIMI content message a member sends (the franking tag
//!   is over its exact bytes; it carries the salt, sender and room URIs).

pub mod content;
