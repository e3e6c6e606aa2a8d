"""The full flow of every role through the Python bindings, and every error
kind a Python caller can meet, as a Python user writes it."""

import pytest

import franking
from franking import FrankingError, Suite

NOW = 1_760_000_000
DAY = 86_400


def ctx(sender, recipient, message_id, conversation=b"", seq=0, timestamp=NOW):
    return franking.DeliveryContext(sender=sender, recipient=recipient, timestamp=timestamp,
                                    message_id=message_id, conversation=conversation, seq=seq)


@pytest.fixture
def ring():
    return franking.Keyring.generate(1, NOW - DAY, 30 * DAY)


@pytest.mark.parametrize("suite", [Suite.X_CHA_CHA20, Suite.AES256])
def test_sender_platform_recipient_moderator(ring, suite):
    key = franking.generate_message_key()
    assert isinstance(key, bytes) and len(key) == 32
    sealed = franking.seal(suite, key, b"conversation 42", b"meet me behind the school")
    assert len(sealed.envelope) == 88 and sealed.ciphertext != b"meet me behind the school"
    context = ctx(b"alice", b"bob", b"msg-0001")
    stamp = ring.stamp(sealed.franking_tag, context)
    assert len(stamp) == 36
    opened = franking.open(suite, key, sealed.envelope, b"conversation 42", sealed.ciphertext)
    assert opened.message == b"meet me behind the school"
    report = franking.build_report(opened, context, stamp)
    verified = ring.verify(NOW + 3600, report)
    assert verified.context == context
    assert (verified.message, verified.key_id, verified.stamp) == (b"meet me behind the school", 1, stamp)
    forged = bytearray(report)
    forged[-1] ^= 1
    with pytest.raises(FrankingError.Invalid):
        ring.verify(NOW, bytes(forged))
    with pytest.raises(FrankingError.Expired) as e:
        ring.verify(NOW + 365 * DAY, report)
    assert "older than" in str(e.value)


def test_layer_mode_and_receipts(ring):
    c = franking.commit(b"", b"layered")
    receipt = ring.stamp_receipt(c.franking_tag, ctx(b"alice", b"bob", b"m1"))
    expected = franking.ExpectedDelivery(sender=b"alice", recipient=b"bob", conversation=b"")
    franking.check_receipt(receipt, c.franking_tag, expected)
    with pytest.raises(FrankingError.ReceiptMismatch):
        franking.check_receipt(receipt, c.franking_tag,
                               franking.ExpectedDelivery(sender=b"eve", recipient=b"bob", conversation=b""))
    opened = franking.verify_commitment(b"", b"layered", c.opening, c.franking_tag)
    report = franking.build_report_from_receipt(opened, receipt, expected)
    assert ring.verify(NOW, report).message == b"layered"


def test_keyring_export_load_sync(ring):
    ring.rotate_generate(2, NOW + 10)
    records = ring.export_records()
    assert [franking.key_record_info(r).key_id for r in records] == [1, 2]
    loaded = franking.Keyring.load(records, 30 * DAY, None)
    assert loaded.current() == 2
    moderation = franking.Keyring.verify_only(30 * DAY, None)
    assert moderation.sync(records) == franking.SyncReport(added=2, closed=0, retired=0)
    with pytest.raises(FrankingError.VerifyOnly):
        moderation.stamp(bytes(32), ctx(b"a", b"b", b"c"))


def test_group_conversation_report(ring):
    room_key = franking.generate_message_key()
    members = [b"alice", b"bob", b"carol"]
    entries = []
    for seq in (1, 2, 4):
        sealed = franking.seal(Suite.X_CHA_CHA20, room_key, b"", f"message {seq}".encode())
        room = ctx(b"alice", b"room", f"m{seq}".encode(), b"room", seq)
        stamps = ring.stamp_batch(sealed.franking_tag, room, members)
        opened = franking.open(Suite.X_CHA_CHA20, room_key, sealed.envelope, b"", sealed.ciphertext)
        mine = ctx(b"alice", b"bob", f"m{seq}".encode(), b"room", seq)
        entries.append(franking.ConversationEntry.MESSAGE(report=franking.build_report(opened, mine, stamps[1])))
    report = franking.build_conversation_report(entries)
    verdict = ring.verify_conversation(NOW, report)
    assert [e.message for e in verdict.entries] == [b"message 1", b"message 2", b"message 4"]
    assert verdict.gaps == [franking.Gap(after=2, before=4, missing=1)]
    assert not verdict.is_complete
    # The same verdict held on the Rust side, read an entry at a time.
    held = ring.verify_conversation_object(NOW, report)
    assert held.verdict() == verdict
    assert held.entry_count() == 3
    assert [held.entry(i) for i in range(3)] == verdict.entries
    assert held.entry(3) is None
    assert (held.conversation(), held.gaps(), held.missing()) == (b"room", verdict.gaps, 1)
    assert (held.is_contiguous(), held.is_complete()) == (False, False)
    forged = bytearray(report)
    forged[-1] ^= 1
    with pytest.raises(FrankingError.Invalid):
        ring.verify_conversation_object(NOW, bytes(forged))


def test_submission(ring):
    c = franking.commit(b"", b"threat")
    context = ctx(b"mallory", b"bob", b"s1")
    opened = franking.verify_commitment(b"", b"threat", c.opening, c.franking_tag)
    report = franking.build_report(opened, context, ring.stamp(c.franking_tag, context))
    entry = franking.SubmissionEntry(kind=franking.SubmissionEntryKind.MESSAGE, report=report)
    submission = franking.build_submission(2, b"bob", "see this", [entry])
    verdict = ring.verify_submission(NOW, submission, b"bob", [])
    assert verdict.messages[0].addressee == franking.Addressee.DIRECT
    assert (verdict.note, verdict.reason, verdict.reason_name) == ("see this", 2, franking.reason_name(2))
    with pytest.raises(FrankingError.ReporterMismatch):
        ring.verify_submission(NOW, submission, b"carol", [])


def test_bad_lengths_name_the_argument():
    with pytest.raises(FrankingError.BadLength) as e:
        franking.seal(Suite.AES256, b"short", b"", b"")
    assert str(e.value) == "message key must be 32 bytes, got 5"
    # Every kind is an exception class under FrankingError.
    assert issubclass(FrankingError.Invalid, FrankingError)
    assert issubclass(FrankingError, Exception)


def test_bulk_writes_are_installed():
    # The package replaces UniFFI's byte-at-a-time writer (python/franking/__init__.py);
    # a UniFFI upgrade that renames its internals must not silently lose it.
    assert franking.BULK_WRITES
    big = bytes(range(256)) * 4096
    key = franking.generate_message_key()
    sealed = franking.seal(Suite.AES256, key, b"h", big)
    assert franking.open(Suite.AES256, key, sealed.envelope, b"h", sealed.ciphertext).message == big


@pytest.mark.parametrize("suite", [Suite.X_CHA_CHA20, Suite.AES256])
def test_direct_seal_is_the_facade_seal(suite):
    # franking.seal goes through the direct entry point (src/fast.rs); what it
    # seals opens with the facade, and a bad key length is the facade's BadLength.
    from franking._native import franking as generated
    assert franking.DIRECT_SEAL and franking.seal is not generated.seal
    key = franking.generate_message_key()
    for message in (b"", b"x", bytes(range(256)) * 300):
        direct = franking.seal(suite, key, b"hdr", message)
        # Built without the generated __init__: still a whole record of its class.
        assert type(direct) is generated.SealedMessage
        assert vars(direct) == vars(generated.SealedMessage(
            envelope=direct.envelope, franking_tag=direct.franking_tag, ciphertext=direct.ciphertext))
        loose = franking.seal(suite, key, bytearray(b"hdr"), memoryview(message))
        assert franking.open(suite, key, loose.envelope, b"hdr", loose.ciphertext).message == message
        assert franking.decode_envelope(direct.envelope).franking_tag == direct.franking_tag
        assert franking.open(suite, key, direct.envelope, b"hdr", direct.ciphertext).message == message
        # The facade's seal and the direct one commit alike: each opens the other's way.
        other = generated.seal(suite, key, b"hdr", message)
        assert franking.open(suite, key, other.envelope, b"hdr", other.ciphertext).message == message
    with pytest.raises(FrankingError.BadLength):
        franking.seal(suite, key[:31], b"", b"")


def test_direct_conversation_is_the_facade_verification(ring):
    # Keyring.verify_conversation_object goes through the direct entry point
    # (src/fast.rs): the same verdict as the UniFFI method and as the record
    # path, and a tampered or expired report is refused with the same error.
    assert franking.DIRECT_CONVERSATION
    uniffi = franking.Keyring.verify_conversation_object.uniffi
    entries = []
    for seq in (1, 2, 3, 5):
        c = franking.commit(b"h", f"line {seq}".encode())
        context = ctx(b"alice", b"bob", f"m{seq}".encode(), b"dm", seq)
        opened = franking.verify_commitment(b"h", f"line {seq}".encode(), c.opening, c.franking_tag)
        report = franking.build_report(opened, context, ring.stamp(c.franking_tag, context))
        if seq == 2:
            entries.append(franking.ConversationEntry.STAMP_ONLY(receipt=ring.stamp_receipt(c.franking_tag, context)))
        else:
            entries.append(franking.ConversationEntry.MESSAGE(report=report))
    report = franking.build_conversation_report(entries)
    record = ring.verify_conversation(NOW, report)
    for arg in (report, bytearray(report), memoryview(report)):
        direct = ring.verify_conversation_object(NOW, arg)
        assert isinstance(direct, franking.VerifiedConversation)
        assert direct.verdict() == record == uniffi(ring, NOW, report).verdict()
        assert [direct.entry(i) for i in range(direct.entry_count())] == record.entries
        assert (direct.missing(), direct.is_contiguous(), direct.is_complete()) == (1, False, False)
    forged = bytearray(report)
    forged[-1] ^= 1
    for bad, now, kind in ((bytes(forged), NOW, FrankingError.Invalid), (report, NOW + 365 * DAY, FrankingError.Expired),
                           (report[:-1], NOW, FrankingError), (b"", NOW, FrankingError)):
        with pytest.raises(kind) as direct:
            ring.verify_conversation_object(now, bad)
        with pytest.raises(kind) as regular:
            ring.verify_conversation(now, bad)
        assert type(direct.value) is type(regular.value) and str(direct.value) == str(regular.value)
    for now in (-1, 1 << 64, "now"):
        with pytest.raises((TypeError, ValueError, OverflowError)):
            ring.verify_conversation_object(now, report)
    # The held verdicts are freed by the package's destructor (one plain call):
    # many made and dropped in turn, each still reads its own report.
    assert franking.VerifiedConversation.__del__.__module__ == "franking"
    for _ in range(200):
        held = ring.verify_conversation_object(NOW, report)
        assert held.entry(3) == record.entries[3]
        del held


def test_records_print_no_secret(ring):
    secret = b"the secret plan: meet at the old mill at dawn"
    key = franking.generate_message_key()
    sealed = franking.seal(Suite.AES256, key, b"hdr", secret)
    context = ctx(b"alice", b"bob", b"m1", b"dm", 1)
    opened = franking.open(Suite.AES256, key, sealed.envelope, b"hdr", sealed.ciphertext)
    commitment = franking.commit(b"", secret)
    report = franking.build_report(opened, context, ring.stamp(sealed.franking_tag, context))
    conversation = franking.build_conversation_report([franking.ConversationEntry.MESSAGE(report=report)])
    records = [opened, commitment, ring.verify(NOW, report), ring.verify_conversation(NOW, conversation),
               franking.ConversationEntry.MESSAGE(report=report),
               franking.SubmissionEntry(kind=franking.SubmissionEntryKind.MESSAGE, report=report),
               franking.decode_media_message(franking.encode_media_message([], secret))]
    assert set(franking.REDACTED) >= {"Commitment", "OpenedMessage", "VerifiedReport", "VerifiedEntry",
                                      "ConversationEntry.MESSAGE", "MediaMessage"}
    for record in records:
        for text in (str(record), repr(record), str([record])):
            for name, value in (("plaintext", secret), ("opening", opened.opening),
                                ("commitment opening", commitment.opening), ("report", report)):
                assert repr(value) not in text and value.hex() not in text, f"{name} in {text}"
    assert "opening=<32 bytes>" in str(opened) and "message=<45 bytes>" in str(opened)
    # Fields that are not secret still print.
    assert repr(opened.franking_tag) in str(opened)
