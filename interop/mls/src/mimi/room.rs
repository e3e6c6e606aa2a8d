//! Glue for the demo and the tests: form a MIMI room, and carry a message
//! from a sender through the hub (and the followers' providers) to every
//! member.

use openmls::prelude::Ciphersuite;

use super::hub::MimiHub;
use super::member::{Kept, MimiMember};
use super::wire::{Fanout, SubmitResponse};
use crate::Error;

/// Creates the room `room_uri` on `hub` with MLS group `group_id` in
/// `ciphersuite`, one member per user URI (the first creates the group with
/// the hub as franking agent, and adds the others with one Welcome).
pub fn form_room(
    hub: &mut MimiHub,
    ciphersuite: Ciphersuite,
    room_uri: &str,
    group_id: &[u8],
    users: &[&str],
) -> Result<Vec<MimiMember>, Error> {
    let mut members = users
        .iter()
        .map(|uri| MimiMember::new(uri, ciphersuite))
        .collect::<Result<Vec<_>, _>>()?;
    let (creator, joiners) = members
        .split_first_mut()
        .ok_or(Error::Rejected("a room needs a member"))?;
    creator.create_room(group_id, room_uri, &hub.franking_agent(ciphersuite)?)?;
    let key_packages = joiners
        .iter()
        .map(MimiMember::key_package)
        .collect::<Result<Vec<_>, _>>()?;
    let welcome = creator.add_members(&key_packages)?;
    for joiner in joiners.iter_mut() {
        joiner.join(&welcome, room_uri)?;
    }
    hub.open_room(room_uri, group_id, ciphersuite, users);
    Ok(members)
}

/// What each member made of one message, in the order of the members.
pub type Outcomes = Vec<Result<Kept, Error>>;

/// Submits `message` to the hub as `members[sender]`'s authenticated
/// session, in the room the sender is in. The sender takes the hub's
/// response; every other member takes the fanout, after `follower` (the
/// provider between the hub and that member) has had it. Fails only if the
/// hub refuses.
pub fn deliver(
    hub: &mut MimiHub,
    members: &mut [MimiMember],
    sender: usize,
    room_uri: &str,
    message: &[u8],
    mut follower: impl FnMut(Fanout) -> Fanout,
) -> Result<(SubmitResponse, Fanout, Outcomes), Error> {
    let sending_uri = members
        .get(sender)
        .ok_or(Error::Rejected("no such member"))?
        .uri()
        .to_owned();
    let (response, fanout) = hub.submit(room_uri, &sending_uri, message)?;
    let outcomes = members
        .iter_mut()
        .enumerate()
        .map(|(i, m)| {
            if i == sender {
                m.accept_response(message, &response).cloned()
            } else {
                m.receive(&follower(fanout.clone())).cloned()
            }
        })
        .collect();
    Ok((response, fanout, outcomes))
}
