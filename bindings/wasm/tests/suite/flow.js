// The full flow of every role through the bindings, in Node and in the
// browser alike: each case is {name, run(lib)}; `lib` is the package.
import { check, equal, equalBytes, hex, pattern, text, throwsKind, utf8 } from "./check.js";

const T0 = 1_760_000_000;
const MAX_AGE = 30 * 24 * 3600;

function delivery(seq, extra = {}) {
  return {
    sender: "alice",
    recipient: "bob",
    timestamp: T0 + seq,
    messageId: `msg-${seq}`,
    conversation: "chat:alice+bob",
    seq,
    ...extra,
  };
}

/** Alice seals, the platform stamps, Bob opens and keeps the evidence. */
function deliver(lib, ring, seq, body, suite = "xchacha20") {
  const key = lib.generateMessageKey();
  const header = utf8(`hdr-${seq}`);
  const sealed = lib.seal(key, header, utf8(body), suite);
  const ctx = delivery(seq);
  const stamp = ring.stamp(sealed.frankingTag, ctx);
  const opened = lib.open(key, sealed.envelope, header, sealed.ciphertext, suite);
  return { key, sealed, ctx, stamp, opened };
}

async function readAll(readable) {
  const parts = [];
  let len = 0;
  for await (const p of readable) {
    parts.push(p);
    len += p.length;
  }
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function streamOf(bytes, piece) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + piece));
      at += piece;
    },
  });
}

export const flowCases = [
  {
    name: "version and error kinds",
    run(lib) {
      equal(lib.frankingVersion(), "1.0.0", "franking version");
      const kinds = lib.errorKinds();
      check(kinds.includes("Invalid") && kinds.includes("BadLength") && kinds.includes("BadArgument"), "error kinds");
      // The crate's conversation verdict has no capacity since 1.0's
      // verify_conversation: no kind for a report longer than it.
      check(!kinds.includes("TooManyMessages"), "no TooManyMessages kind");
      equal(new Set(kinds).size, kinds.length, "error kinds are distinct");
    },
  },
  {
    name: "seal and open round trip in both suites, and a tampered ciphertext is Invalid with no plaintext",
    run(lib) {
      for (const suite of ["xchacha20", "aes256"]) {
        const key = lib.generateMessageKey();
        equal(key.length, 32, "key length");
        const s = lib.seal(key, utf8("h"), utf8("hello bob"), suite);
        equal(s.envelope.length, 88, "envelope length");
        equalBytes(s.frankingTag, hex(s.envelope.subarray(24, 56)), "franking tag is envelope bytes 24..56");
        check(text(s.ciphertext) !== "hello bob", "ciphertext differs from the message");
        const o = lib.open(key, s.envelope, utf8("h"), s.ciphertext, suite);
        equal(text(o.message), "hello bob", `${suite} message`);
        equal(o.opening.length, 32, "opening length");
        const bad = s.ciphertext.slice();
        bad[0] ^= 1;
        throwsKind("Invalid", () => lib.open(key, s.envelope, utf8("h"), bad, suite), `${suite} tampered`);
        throwsKind("Invalid", () => lib.open(key, s.envelope, utf8("x"), s.ciphertext, suite), `${suite} other header`);
      }
      const key = lib.generateMessageKey();
      const s = lib.seal(key, utf8(""), utf8("m"));
      throwsKind("Invalid", () => lib.open(key, s.envelope, utf8(""), s.ciphertext, "aes256"), "other suite");
      throwsKind("BadLength", () => lib.seal(key.subarray(0, 31), utf8(""), utf8("m")), "short key");
      throwsKind("BadArgument", () => lib.seal(key, utf8(""), utf8("m"), "rot13"), "unknown suite");
      throwsKind("Malformed", () => lib.open(key, s.envelope.subarray(1), utf8(""), s.ciphertext), "short envelope");
    },
  },
  {
    name: "sealWithNonce is deterministic and nonces are fresh",
    run(lib) {
      const key = lib.generateMessageKey();
      const nonce = lib.generateNonce();
      equal(nonce.length, 24, "nonce length");
      check(hex(nonce) !== hex(lib.generateNonce()), "two nonces differ");
      const a = lib.sealWithNonce(key, nonce, utf8("h"), utf8("m"));
      const b = lib.sealWithNonce(key, nonce, utf8("h"), utf8("m"));
      equalBytes(a.envelope, hex(b.envelope), "same envelope");
      equalBytes(a.envelope.subarray(0, 24), hex(nonce), "nonce in envelope");
    },
  },
  {
    name: "report: stamp, build, verify; every verified field, and a forged message is Invalid",
    run(lib) {
      const ring = lib.Keyring.generate(7, T0 - 100, MAX_AGE);
      const d = deliver(lib, ring, 5, "meet me behind the school");
      equal(d.stamp.length, 36, "stamp length");
      const report = lib.buildReport(d.opened, d.ctx, d.stamp);
      const v = ring.verify(T0 + 60, report);
      equal(text(v.context.sender), "alice", "sender");
      equal(text(v.context.recipient), "bob", "recipient");
      equal(v.context.timestamp, BigInt(T0 + 5), "timestamp");
      equal(text(v.context.messageId), "msg-5", "message id");
      equal(text(v.context.conversation), "chat:alice+bob", "conversation");
      equal(v.context.seq, 5n, "seq");
      equal(text(v.message), "meet me behind the school", "message");
      equal(text(v.header), "hdr-5", "header");
      equal(v.keyId, 7, "key id");
      const forged = { ...d.opened, message: utf8("something else") };
      throwsKind("Invalid", () => lib.buildReport(forged, d.ctx, d.stamp), "forged opened message");
      const lie = lib.buildReport(d.opened, { ...d.ctx, sender: "carol" }, d.stamp);
      throwsKind("Invalid", () => ring.verify(T0 + 60, lie), "report naming another sender");
      throwsKind("Expired", () => ring.verify(T0 + 5 + MAX_AGE + 1, report), "expired");
      throwsKind("FromFuture", () => ring.verify(T0 - 10_000, report), "from the future");
      const other = lib.Keyring.generate(8, T0 - 100, MAX_AGE);
      throwsKind("UnknownKey", () => other.verify(T0 + 60, report), "unknown key");
      ring.free();
      other.free();
    },
  },
  {
    name: "layer mode: commit, verifyCommitment, report",
    run(lib) {
      const ring = lib.Keyring.generate(1, T0 - 100, MAX_AGE);
      const c = lib.commit(utf8("mls-header"), utf8("layer message"));
      const opened = lib.verifyCommitment(utf8("mls-header"), utf8("layer message"), c.opening, c.frankingTag);
      throwsKind("Invalid", () => lib.verifyCommitment(utf8("mls-header"), utf8("other"), c.opening, c.frankingTag), "wrong message");
      const ctx = delivery(1);
      const report = lib.buildReport(opened, ctx, ring.stampEnvelope(new Uint8Array([...new Uint8Array(24), ...c.frankingTag, ...new Uint8Array(32)]), ctx));
      equal(text(ring.verify(T0 + 10, report).message), "layer message", "layer message verified");
      ring.free();
    },
  },
  {
    name: "receipts: stampReceipt, checkReceipt, decodeReceipt, report from receipt; a mismatch names its field",
    run(lib) {
      const ring = lib.Keyring.generate(3, T0 - 100, MAX_AGE);
      const key = lib.generateMessageKey();
      const s = lib.seal(key, utf8(""), utf8("receipt me"));
      const receipt = ring.stampReceipt(s.frankingTag, delivery(9));
      const opened = lib.open(key, s.envelope, utf8(""), s.ciphertext);
      const expected = { sender: "alice", recipient: "bob", conversation: "chat:alice+bob" };
      lib.checkReceipt(receipt, s.frankingTag, expected);
      const e = throwsKind("ReceiptMismatch", () => lib.checkReceipt(receipt, s.frankingTag, { ...expected, sender: "mallory" }), "other sender");
      check(/sender/.test(e.message), `mismatch names the sender: ${e.message}`);
      const info = lib.decodeReceipt(receipt);
      equalBytes(info.frankingTag, hex(s.frankingTag), "receipt tag");
      equal(info.context.seq, 9n, "receipt seq");
      const report = lib.buildReportFromReceipt(opened, receipt, expected);
      equal(text(ring.verify(T0 + 20, report).message), "receipt me", "verified");
      throwsKind("Malformed", () => lib.decodeReceipt(receipt.subarray(0, 10)), "truncated receipt");
      ring.free();
    },
  },
  {
    name: "conversation report with a stamp-only entry and a gap marked",
    run(lib) {
      const ring = lib.Keyring.generate(2, T0 - 100, MAX_AGE);
      const entries = [];
      for (const seq of [1, 2, 3, 6]) {
        const d = deliver(lib, ring, seq, `message ${seq}`);
        if (seq === 2) {
          entries.push({ receipt: ring.stampReceipt(d.sealed.frankingTag, d.ctx) });
        } else {
          entries.push({ report: lib.buildReport(d.opened, d.ctx, d.stamp) });
        }
      }
      const v = ring.verifyConversation(T0 + 100, lib.buildConversationReport(entries));
      equal(text(v.conversation), "chat:alice+bob", "conversation");
      equal(v.entries.map((e) => e.context.seq).join(","), "1,2,3,6", "seqs");
      equal(v.entries.map((e) => e.stampOnly).join(","), "false,true,false,false", "stamp-only");
      equal(text(v.entries[3].message), "message 6", "last message");
      equal(v.gaps.length, 1, "one gap");
      equal(v.gaps[0].after, 3n, "gap after");
      equal(v.gaps[0].before, 6n, "gap before");
      equal(v.gaps[0].missing, 2n, "gap size");
      equal(v.missing, 2n, "missing");
      equal(v.isContiguous, false, "not contiguous");
      equal(v.isComplete, false, "not complete");
      throwsKind("BadArgument", () => lib.buildConversationReport([{}]), "empty entry");

      // The same verdict held in the module, read an entry at a time.
      const bytes = lib.buildConversationReport(entries);
      const held = ring.verifyConversationObject(T0 + 100, bytes);
      equal(text(held.conversation), "chat:alice+bob", "held conversation");
      equal(held.entryCount, 4, "held entry count");
      const same = (a, b, what) => {
        equal(a.stampOnly, b.stampOnly, `${what} stampOnly`);
        equal(a.keyId, b.keyId, `${what} keyId`);
        equal(a.context.seq, b.context.seq, `${what} seq`);
        equalBytes(a.context.sender, b.context.sender, `${what} sender`);
        equalBytes(a.stamp, b.stamp, `${what} stamp`);
        equalBytes(a.header, b.header, `${what} header`);
        equalBytes(a.message, b.message, `${what} message`);
      };
      v.entries.forEach((e, i) => same(held.entry(i), e, `entry ${i}`));
      equal(held.entry(4), undefined, "no entry past the last");
      const iterated = [...held];
      equal(iterated.length, 4, "iteration yields every entry");
      iterated.forEach((e, i) => same(e, v.entries[i], `iterated entry ${i}`));
      equal(held.gaps.map((g) => `${g.after}-${g.before}:${g.missing}`).join(","), "3-6:2", "held gaps");
      equal(held.missing, 2n, "held missing");
      equal(held.isContiguous, false, "held not contiguous");
      equal(held.isComplete, false, "held not complete");
      const whole = held.verdict();
      equal(whole.entries.length, 4, "held verdict entries");
      whole.entries.forEach((e, i) => same(e, v.entries[i], `held verdict entry ${i}`));
      held.free();
      const forged = bytes.slice();
      forged[forged.length - 1] ^= 1;
      throwsKind("Invalid", () => ring.verifyConversationObject(T0 + 100, forged), "forged conversation, held");
      throwsKind("Expired", () => ring.verifyConversationObject(T0 + 100 + MAX_AGE * 2, bytes), "expired conversation, held");
      ring.free();
    },
  },
  {
    name: "keyring: rotate, export, verify-only sync, retire, batch stamps, key records",
    run(lib) {
      const ring = lib.Keyring.generate(1, T0 - 1000, MAX_AGE);
      equal(ring.current, 1, "current");
      equal(ring.isVerifyOnly, false, "stamping");
      const before = deliver(lib, ring, 1, "before rotation");
      const oldReport = lib.buildReport(before.opened, before.ctx, before.stamp);
      ring.rotateGenerate(2, T0 + 10);
      equal(ring.current, 2, "rotated");
      const after = deliver(lib, ring, 20, "after rotation");
      const newReport = lib.buildReport(after.opened, after.ctx, after.stamp);
      const records = ring.exportRecords();
      equal(records.length, 2, "two records");
      equal(lib.keyRecordInfo(records[0]).keyId, 1, "record id");
      equal(lib.keyRecordInfo(records[0]).isOpen, false, "old key closed");
      equal(lib.keyRecordInfo(records[1]).notAfter, 18446744073709551615n, "open interval");
      const moderation = lib.Keyring.verifyOnly(MAX_AGE);
      equal(moderation.isVerifyOnly, true, "verify-only");
      equal(moderation.current, undefined, "no current key");
      throwsKind("UnknownKey", () => moderation.verify(T0 + 60, oldReport), "before sync");
      const sync = moderation.sync(records);
      equal(sync.added, 2, "added");
      equal(text(moderation.verify(T0 + 60, oldReport).message), "before rotation", "old key verifies");
      equal(text(moderation.verify(T0 + 60, newReport).message), "after rotation", "new key verifies");
      throwsKind("VerifyOnly", () => moderation.stamp(before.sealed.frankingTag, before.ctx), "verify-only stamps");
      const again = moderation.sync(records);
      equal(again.added + again.closed + again.retired, 0, "sync is idempotent");
      moderation.retire(1);
      throwsKind("UnknownKey", () => moderation.verify(T0 + 60, oldReport), "retired key");
      throwsKind("RetiringCurrentKey", () => ring.retire(2), "retiring the current key");
      const loaded = lib.Keyring.load(records, MAX_AGE);
      equal(loaded.current, 2, "loaded current");
      equal(loaded.keys().length, 2, "loaded keys");
      const stamps = ring.stampBatch(after.sealed.frankingTag, after.ctx, ["bob", "carol", "dave"]);
      equal(stamps.length, 3, "a stamp per member");
      const carol = lib.buildReport(after.opened, { ...after.ctx, recipient: "carol" }, stamps[1]);
      equal(text(ring.verify(T0 + 60, carol).context.recipient), "carol", "group member's stamp");
      throwsKind("Malformed", () => lib.keyRecordInfo(records[0].subarray(1)), "bad record");
      for (const r of [ring, moderation, loaded]) r.free();
    },
  },
  {
    name: "report ids: message, range and conversation ids differ by reporter and by kind",
    run(lib) {
      const ring = lib.Keyring.generate(4, T0, MAX_AGE);
      const stamp = ring.stamp(new Uint8Array(32).fill(9), delivery(1));
      const a = lib.reportIdForMessage(stamp, "bob");
      equal(a.length, 32, "id length");
      check(hex(a) !== hex(lib.reportIdForMessage(stamp, "carol")), "reporter bound");
      check(hex(a) !== hex(lib.reportIdForRange(stamp, 0, 0, 1, "bob")), "range id differs");
      check(hex(a) !== hex(lib.reportIdForConversation([{ stamp, stampOnly: false }], "bob")), "conversation id differs");
      ring.free();
    },
  },
  {
    name: "media: chunked seal, message with descriptors, open, whole and range reports",
    run(lib) {
      const ring = lib.Keyring.generate(5, T0 - 100, MAX_AGE);
      const chunk = lib.mediaChunkSize();
      equal(chunk, 65536, "chunk size");
      const key = lib.generateMessageKey();
      const nonce = lib.generateNonce();
      const image = pattern(3 * chunk + 1000, 3);
      const sealer = new lib.MediaSealer(key, nonce, 0);
      const cipher = [];
      const tree = [];
      for (let at = 0; at < image.length; at += chunk) {
        const piece = image.subarray(at, at + chunk);
        const c = sealer.pushChunk(piece, at + chunk >= image.length);
        cipher.push(c.ciphertext);
        tree.push(...c.treeRecords);
      }
      equal(sealer.chunksSealed, 4n, "chunks sealed");
      const descriptor = sealer.descriptor();
      equal(descriptor.length, 88, "descriptor length");
      const body = lib.encodeMediaMessage([descriptor], utf8("look at this"));
      const sealed = lib.sealWithNonce(key, nonce, utf8(""), body);
      const ctx = delivery(30);
      const stamp = ring.stamp(sealed.frankingTag, ctx);
      // Bob.
      const opened = lib.open(key, sealed.envelope, utf8(""), sealed.ciphertext);
      const m = lib.decodeMediaMessage(opened.message);
      equal(text(m.body), "look at this", "body");
      equalBytes(m.descriptors[0], hex(descriptor), "descriptor");
      const evidence = lib.attachmentEvidence(key, nonce, opened.message, 0);
      equalBytes(lib.attachmentEvidenceDescriptor(evidence), hex(descriptor), "evidence descriptor");
      const treeBytes = Uint8Array.from(tree);
      const opener = new lib.MediaOpener(evidence, treeBytes);
      const plain = [];
      for (const c of cipher) {
        equal(opener.nextChunkLen, c.length, "next chunk length");
        plain.push(...opener.openChunk(c));
      }
      equal(opener.isComplete, true, "complete");
      opener.finish();
      equalBytes(Uint8Array.from(plain), hex(image), "opened attachment");
      const badOpener = new lib.MediaOpener(evidence, treeBytes);
      const bad = cipher[0].slice();
      bad[5] ^= 0x80;
      throwsKind("Invalid", () => badOpener.openChunk(bad), "tampered chunk");
      throwsKind("Invalid", () => badOpener.openChunk(cipher[1]), "after a failure");
      // Whole report.
      const messageReport = lib.buildReport(opened, ctx, stamp);
      const whole = lib.MediaReportBuilder.whole(evidence, messageReport);
      const parts = [whole.head()];
      for (let at = 0; at < image.length; at += chunk) parts.push(whole.pushChunk(image.subarray(at, at + chunk)));
      equal(whole.nextChunkIndex, undefined, "whole written");
      const wholeBytes = Uint8Array.from(parts.flatMap((p) => [...p]));
      const vw = ring.verifyMediaReport(T0 + 100, wholeBytes);
      equal(vw.isWhole, true, "whole");
      equal(vw.attachmentLen, BigInt(image.length), "attachment length");
      equalBytes(vw.plaintext, hex(image), "whole plaintext");
      equal(text(vw.report.message).length > 0, true, "carrying message");
      // Range report: chunks 1 and 2.
      const range = lib.MediaReportBuilder.range(evidence, messageReport, 1, 2, treeBytes);
      const rparts = [range.head()];
      for (let k = 1; k <= 2; k++) rparts.push(range.pushChunk(image.subarray(k * chunk, (k + 1) * chunk)));
      throwsKind("Malformed", () => range.pushChunk(image.subarray(0, chunk)), "extra chunk");
      const vr = ring.verifyMediaReport(T0 + 100, Uint8Array.from(rparts.flatMap((p) => [...p])));
      equal(vr.isWhole, false, "range");
      equal(vr.firstChunk, 1n, "first chunk");
      equal(vr.byteOffset, BigInt(chunk), "byte offset");
      equalBytes(vr.plaintext, hex(image.subarray(chunk, 3 * chunk)), "range plaintext");
      const covering = lib.MediaReportBuilder.covering(evidence, messageReport, chunk * 2 + 5, 10, treeBytes);
      equal(covering.firstChunk, 2n, "covering first chunk");
      equal(covering.chunkCount, 1n, "covering count");
      for (const o of [sealer, opener, badOpener, whole, range, covering, ring]) o.free();
    },
  },
  {
    name: "media streams: AttachmentSealStream and AttachmentOpenStream round trip, tamper and truncation",
    async run(lib) {
      const key = lib.generateMessageKey();
      const nonce = lib.generateNonce();
      for (const [len, piece] of [[0, 1], [1, 1], [65536, 1000], [65537, 65536], [200_000, 7777]]) {
        const data = pattern(len, len & 0xff);
        const sealer = new lib.AttachmentSealStream(key, nonce, 2);
        const cipher = await readAll(streamOf(data, piece).pipeThrough(sealer));
        equal(cipher.length, len, `ciphertext length ${len}`);
        const { descriptor, tree } = await sealer.result;
        const message = lib.encodeMediaMessage([descriptor, descriptor, descriptor], utf8(""));
        const evidence = lib.attachmentEvidence(key, nonce, message, 2);
        const plain = await readAll(streamOf(cipher, 4096).pipeThrough(new lib.AttachmentOpenStream(evidence, tree)));
        equalBytes(plain, hex(data), `plaintext ${len}`);
        if (len > 0) {
          const bad = cipher.slice();
          bad[len - 1] ^= 1;
          let failed = null;
          try {
            await readAll(streamOf(bad, 4096).pipeThrough(new lib.AttachmentOpenStream(evidence, tree)));
          } catch (e) {
            failed = e;
          }
          equal(failed && failed.kind, "Invalid", `tampered stream of ${len}`);
          let short = null;
          try {
            await readAll(streamOf(cipher.subarray(0, len - 1), 4096).pipeThrough(new lib.AttachmentOpenStream(evidence, tree)));
          } catch (e) {
            short = e;
          }
          check(short && short.name === "FrankingError", `truncated stream of ${len} fails`);
        }
      }
    },
  },
  {
    name: "submission: build and verify, claims apart from verified messages, reporter bound",
    run(lib) {
      const ring = lib.Keyring.generate(6, T0 - 100, MAX_AGE);
      const d = deliver(lib, ring, 7, "threat");
      const report = lib.buildReport(d.opened, d.ctx, d.stamp);
      const submission = lib.buildSubmission(3, "bob", "he keeps threatening me", [{ kind: "message", report }]);
      const v = ring.verifySubmission(T0 + 50, submission, "bob", []);
      equal(v.reason, 3, "reason");
      equal(v.reasonName, lib.reasonName(3), "reason name");
      equal(v.note, "he keeps threatening me", "note");
      equal(v.entries[0].kind, "message", "entry kind");
      equal(text(v.entries[0].verdict.message), "threat", "entry verdict");
      equal(v.messages[0].addressee, "direct", "addressee");
      throwsKind("ReporterMismatch", () => ring.verifySubmission(T0 + 50, submission, "carol", []), "other reporter");
      throwsKind("BadArgument", () => lib.buildSubmission(3, "bob", "", [{ kind: "video", report }]), "unknown kind");
      equal(lib.reasonName(65535), undefined, "unregistered code");
      ring.free();
    },
  },
];
