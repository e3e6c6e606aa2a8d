"""The README's Python example (run-tests checks they are the same)."""

import franking
from franking import FrankingError, Suite

NOW = 1_760_000_000

# Platform: a keyring that stamps (and, at the moderation service, verifies).
platform = franking.Keyring.generate(key_id=1, not_before=NOW - 86_400, max_age_secs=30 * 86_400)

# Sender: seal with the committing AEAD under the key shared with the recipient.
key = franking.generate_message_key()
sealed = franking.seal(Suite.X_CHA_CHA20, key, b"conversation 42", b"meet me behind the school")

# Platform: stamp the franking tag with who sent it to whom, and when.
context = franking.DeliveryContext(sender=b"alice", recipient=b"bob", timestamp=NOW,
                                   message_id=b"msg-0001", conversation=b"", seq=0)
stamp = platform.stamp(sealed.franking_tag, context)

# Recipient: open (both tags checked first) and keep the report as evidence.
opened = franking.open(Suite.X_CHA_CHA20, key, sealed.envelope, b"conversation 42", sealed.ciphertext)
report = franking.build_report(opened, context, stamp)

# Moderator: verify; the verdict is a record of verified fields.
verified = platform.verify(NOW + 3600, report)
print(verified.context.sender, "sent", verified.message, "to", verified.context.recipient)

# An edited report is rejected, with one opaque error.
forged = report[:-4] + b"MEET"
try:
    platform.verify(NOW + 3600, forged)
except FrankingError.Invalid as e:
    print("forged report rejected:", e)
