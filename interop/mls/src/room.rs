//! Glue for the demo and the tests: form a group, and carry a message from a
//! sender through the hub to every member of the room.

use crate::Error;
use crate::hub::{Delivery, Hub};
use crate::member::{Member, Received};

/// Creates an MLS group `group_id` with one member per name (the first one
/// creates it and adds the others), and registers the room with the hub.
pub fn form_group(hub: &mut Hub, group_id: &[u8], names: &[&str]) -> Result<Vec<Member>, Error> {
    let mut members = names
        .iter()
        .map(|name| Member::new(name))
        .collect::<Result<Vec<_>, _>>()?;
    let (creator, joiners) = members
        .split_first_mut()
        .ok_or(Error::Rejected("a group needs a member"))?;
    creator.create_group(group_id)?;
    let key_packages = joiners
        .iter()
        .map(Member::key_package)
        .collect::<Result<Vec<_>, _>>()?;
    let welcome = creator.add_members(&key_packages)?;
    for joiner in joiners.iter_mut() {
        joiner.join(&welcome)?;
    }
    let identities: Vec<&[u8]> = members.iter().map(Member::identity).collect();
    hub.open_room(group_id, &identities);
    Ok(members)
}

/// What each member made of one delivery, in the order of `members`.
pub type Outcomes = Vec<Result<Received, Error>>;

/// Submits `bytes` to the hub as `members[sender]`'s authenticated session,
/// then hands the stamped delivery to every member (the sender's copy is its
/// receipt). Fails only if the hub refuses to relay.
pub fn deliver(
    hub: &mut Hub,
    members: &mut [Member],
    sender: usize,
    bytes: &[u8],
) -> Result<(Delivery, Outcomes), Error> {
    let identity = members
        .get(sender)
        .ok_or(Error::Rejected("no such member"))?
        .identity()
        .to_vec();
    let delivery = hub.relay(&identity, bytes)?;
    let outcomes = members
        .iter_mut()
        .map(|m| m.receive(&delivery).cloned())
        .collect();
    Ok((delivery, outcomes))
}
