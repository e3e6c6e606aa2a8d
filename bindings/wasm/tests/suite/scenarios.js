// The shared scenarios of bindings/scenarios/*.json (format in its
// README.md) through the JavaScript API. Scenario values are in the
// facade's shape (snake_case fields, enums by name); calls map each facade
// function to its JavaScript name and argument order, and results come back
// to the facade's shape, so the same file checks Rust, Python, Kotlin and
// JavaScript alike.
import { check, CheckError, hex, unhex } from "./check.js";

const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const isPlain = (v) => v !== null && typeof v === "object" && !(v instanceof Uint8Array) && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** An enum of the facade as the JavaScript API spells it. */
function enumValue(tag) {
  const [type, variant] = tag.split(".");
  if (type === "Suite") return { XChaCha20: "xchacha20", Aes256: "aes256" }[variant] ?? fail(`unknown suite ${tag}`);
  if (["SubmissionEntryKind", "Addressee", "ErrorKind"].includes(type)) return type === "ErrorKind" ? variant : variant.toLowerCase();
  return fail(`unknown enum ${tag}`);
}

function fail(message) {
  throw new CheckError(message);
}

/** A JavaScript result in the facade's shape: snake_case fields; a submission entry as {kind, message, conversation, attachment}. */
function toFacade(v) {
  if (Array.isArray(v)) return v.map(toFacade);
  if (!isPlain(v)) return v;
  if ("verdict" in v && ["message", "conversation", "attachment"].includes(v.kind)) {
    return {
      kind: v.kind,
      message: v.kind === "message" ? toFacade(v.verdict) : null,
      conversation: v.kind === "conversation" ? toFacade(v.verdict) : null,
      attachment: v.kind === "attachment" ? toFacade(v.verdict) : null,
    };
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), toFacade(x)]));
}

/** A facade-shaped value as a JavaScript argument: camelCase fields. */
function toJs(v) {
  if (Array.isArray(v)) return v.map(toJs);
  if (!isPlain(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), toJs(x)]));
}

function path(saved, ref) {
  const [name, ...parts] = ref.slice(1).split(".");
  check(saved.has(name), `no saved value ${name}`);
  let v = saved.get(name);
  for (const p of parts) {
    check(v !== null && v !== undefined, `${ref}: nothing at ${p}`);
    v = Array.isArray(v) ? v[Number(p)] : v[p];
  }
  return v;
}

/** A scenario value, resolved to the facade's shape. */
function value(saved, v) {
  if (typeof v === "string") {
    if (v.startsWith("hex:")) return unhex(v.slice(4));
    if (v.startsWith("utf8:")) return new TextEncoder().encode(v.slice(5));
    if (v.startsWith("$")) return path(saved, v);
    return fail(`unknown value form ${v}`);
  }
  if (v === null || typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((x) => value(saved, x));
  if ("str" in v) return v.str;
  if ("enum" in v) return enumValue(v.enum);
  if ("record" in v) return Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, value(saved, x)]));
  if ("variant" in v) {
    const fields = Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, value(saved, x)]));
    return v.variant === "ConversationEntry.StampOnly" || v.variant === "ConversationEntry.Message" ? fields : fail(`unknown variant ${v.variant}`);
  }
  return fail(`unknown value form ${JSON.stringify(v).slice(0, 60)}`);
}

/** Structural equality; integers by value whatever their type; null and undefined alike. */
function same(a, b) {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  const num = (x) => typeof x === "number" || typeof x === "bigint";
  if (num(a) && num(b)) return BigInt(a) === BigInt(b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && hex(a) === hex(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isPlain(a) && isPlain(b)) return Object.keys(a).every((k) => same(a[k], b[k]));
  return a === b;
}

const show = (v) => JSON.stringify(v, (_, x) => (x instanceof Uint8Array ? `hex:${hex(x)}` : typeof x === "bigint" ? Number(x) : x))?.slice(0, 200);

/** Facade functions: the JavaScript call, by the facade's parameter names. */
function functions(lib) {
  return {
    franking_version: () => lib.frankingVersion(),
    generate_message_key: () => lib.generateMessageKey(),
    generate_nonce: () => lib.generateNonce(),
    seal: (a) => lib.seal(a.key, a.header, a.message, a.suite),
    seal_with_nonce: (a) => lib.sealWithNonce(a.key, a.nonce, a.header, a.message, a.suite),
    commit: (a) => lib.commit(a.header, a.message),
    open: (a) => lib.open(a.key, a.envelope, a.header, a.ciphertext, a.suite),
    verify_commitment: (a) => lib.verifyCommitment(a.header, a.message, a.opening, a.franking_tag),
    build_report: (a) => lib.buildReport(toJs(a.opened), toJs(a.context), a.stamp),
    check_receipt: (a) => lib.checkReceipt(a.receipt, a.franking_tag, toJs(a.expected)),
    build_report_from_receipt: (a) => lib.buildReportFromReceipt(toJs(a.opened), a.receipt, toJs(a.expected)),
    decode_receipt: (a) => lib.decodeReceipt(a.receipt),
    decode_envelope: (a) => lib.decodeEnvelope(a.envelope),
    decode_stamp: (a) => lib.decodeStamp(a.stamp),
    build_conversation_report: (a) => lib.buildConversationReport(toJs(a.entries)),
    report_id_for_message: (a) => lib.reportIdForMessage(a.stamp, a.reporter),
    report_id_for_range: (a) => lib.reportIdForRange(a.stamp, a.attachment, a.first_chunk, a.chunk_count, a.reporter),
    report_id_for_conversation: (a) => {
      // The JavaScript API takes {stamp, stampOnly} pairs, so lists of two
      // lengths cannot reach it: the facade's verdict for them, as it words it.
      if (a.stamps.length !== a.stamp_only.length) {
        throw Object.assign(new Error(`stamp_only must be ${a.stamps.length} bytes, got ${a.stamp_only.length}`), { name: "FrankingError", kind: "BadLength" });
      }
      return lib.reportIdForConversation(a.stamps.map((stamp, i) => ({ stamp, stampOnly: a.stamp_only[i] })), a.reporter);
    },
    key_record_info: (a) => lib.keyRecordInfo(a.record),
    encode_key_record: (a) => lib.encodeKeyRecord(a.key_id, a.not_before, a.not_after, a.secret),
    media_chunk_size: () => lib.mediaChunkSize(),
    encode_media_message: (a) => lib.encodeMediaMessage(a.descriptors, a.body),
    decode_media_message: (a) => lib.decodeMediaMessage(a.message),
    attachment_evidence: (a) => lib.attachmentEvidence(a.message_key, a.nonce, a.message, a.attachment, a.suite),
    attachment_evidence_descriptor: (a) => lib.attachmentEvidenceDescriptor(a.evidence_bytes),
    attachment_key: (a) => lib.attachmentKey(a.message_key, a.nonce, a.attachment, a.wrapped, a.suite),
    attachment_descriptor: (a) => lib.attachmentDescriptor(a.length, a.root, a.attachment_nonce),
    open_attachment_chunk: (a) => lib.openAttachmentChunk(a.attachment_key, a.descriptor_bytes, a.index, a.ciphertext, a.tree, a.suite),
    build_submission: (a) => lib.buildSubmission(a.reason, a.reporter, a.note, toJs(a.entries)),
    reason_name: (a) => lib.reasonName(a.code),
    "Keyring.generate": (a) => lib.Keyring.generate(a.key_id, a.not_before, a.max_age_secs),
    "Keyring.load": (a) => lib.Keyring.load(a.records, a.max_age_secs, a.max_skew_secs ?? undefined),
    "Keyring.verify_only": (a) => lib.Keyring.verifyOnly(a.max_age_secs, a.max_skew_secs ?? undefined),
    "MediaSealer.new": (a) => new lib.MediaSealer(a.message_key, a.nonce, a.attachment, a.suite),
    "MediaOpener.new": (a) => new lib.MediaOpener(a.evidence_bytes, a.tree),
    "MediaReportBuilder.whole": (a) => lib.MediaReportBuilder.whole(a.evidence_bytes, a.message_report),
    "MediaReportBuilder.range": (a) => lib.MediaReportBuilder.range(a.evidence_bytes, a.message_report, a.first_chunk, a.chunk_count, a.tree),
    "MediaReportBuilder.covering": (a) => lib.MediaReportBuilder.covering(a.evidence_bytes, a.message_report, a.offset, a.len, a.tree),
  };
}

/** Methods of objects: the JavaScript call on `o`, by the facade's parameter names. */
const METHODS = {
  "Keyring.current": (o) => o.current,
  "Keyring.is_verify_only": (o) => o.isVerifyOnly,
  "Keyring.keys": (o) => o.keys(),
  "Keyring.stamp": (o, a) => o.stamp(a.franking_tag, toJs(a.context)),
  "Keyring.stamp_envelope": (o, a) => o.stampEnvelope(a.envelope, toJs(a.context)),
  "Keyring.stamp_receipt": (o, a) => o.stampReceipt(a.franking_tag, toJs(a.context)),
  "Keyring.stamp_batch": (o, a) => o.stampBatch(a.franking_tag, toJs(a.context), a.recipients),
  "Keyring.rotate_generate": (o, a) => o.rotateGenerate(a.key_id, a.at),
  "Keyring.rotate_to_record": (o, a) => o.rotateToRecord(a.record),
  "Keyring.insert_record": (o, a) => o.insertRecord(a.record),
  "Keyring.close_interval": (o, a) => o.closeInterval(a.key_id, a.not_after),
  "Keyring.retire": (o, a) => o.retire(a.key_id),
  "Keyring.retire_expired": (o, a) => o.retireExpired(a.now),
  "Keyring.retire_older_than": (o, a) => o.retireOlderThan(a.before),
  "Keyring.export_records": (o) => o.exportRecords(),
  "Keyring.sync": (o, a) => o.sync(a.records),
  "Keyring.verify": (o, a) => o.verify(a.now, a.report),
  "Keyring.verify_conversation": (o, a) => o.verifyConversation(a.now, a.report),
  "Keyring.verify_conversation_object": (o, a) => o.verifyConversationObject(a.now, a.report),
  "Keyring.verify_media_report": (o, a) => o.verifyMediaReport(a.now, a.report),
  "Keyring.verify_submission": (o, a) => o.verifySubmission(a.now, a.submission, a.reporter, toJs(a.memberships)),
  "VerifiedConversation.verdict": (o) => o.verdict(),
  "VerifiedConversation.conversation": (o) => o.conversation,
  "VerifiedConversation.entry_count": (o) => o.entryCount,
  "VerifiedConversation.entry": (o, a) => o.entry(a.index),
  "VerifiedConversation.gaps": (o) => o.gaps,
  "VerifiedConversation.missing": (o) => o.missing,
  "VerifiedConversation.is_contiguous": (o) => o.isContiguous,
  "VerifiedConversation.is_complete": (o) => o.isComplete,
  "MediaSealer.push_chunk": (o, a) => o.pushChunk(a.chunk, a.last),
  "MediaSealer.chunks_sealed": (o) => o.chunksSealed,
  "MediaSealer.descriptor": (o) => o.descriptor(),
  "MediaOpener.next_chunk_len": (o) => o.nextChunkLen,
  "MediaOpener.next_index": (o) => o.nextIndex,
  "MediaOpener.open_chunk": (o, a) => o.openChunk(a.ciphertext),
  "MediaOpener.is_complete": (o) => o.isComplete,
  "MediaOpener.finish": (o) => o.finish(),
  "MediaReportBuilder.head": (o) => o.head(),
  "MediaReportBuilder.first_chunk": (o) => o.firstChunk,
  "MediaReportBuilder.chunk_count": (o) => o.chunkCount,
  "MediaReportBuilder.next_chunk_index": (o) => o.nextChunkIndex,
  "MediaReportBuilder.push_chunk": (o, a) => o.pushChunk(a.plaintext),
};

/** The test-side helpers of the README. */
const HELPERS = {
  flip_bit: (a) => {
    const out = a.bytes.slice();
    const i = a.index < 0 ? out.length + a.index : a.index;
    check(i >= 0 && i < out.length, `flip_bit index ${a.index} outside ${out.length} bytes`);
    out[i] ^= 1;
    return out;
  },
  concat: (a) => {
    const out = new Uint8Array(a.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of a.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  },
  slice: (a) => a.bytes.slice(a.start, a.end === null ? undefined : a.end),
  pattern: (a) => Uint8Array.from({ length: a.len }, (_, i) => (a.seed + 7 * i) % 251),
  chunks: (a) => {
    if (a.bytes.length === 0) return [new Uint8Array(0)];
    const out = [];
    for (let at = 0; at < a.bytes.length; at += a.size) out.push(a.bytes.slice(at, at + a.size));
    return out;
  },
  with_field: (a) => ({ ...a.value, [a.field]: a.to }),
};

/**
 * Parses a scenario file keeping every integer exact: JSON numbers past
 * 2^53 (2^64 - 1 for an open key interval) become bigints.
 */
export function parseScenario(text) {
  const marked = text.replace(/([:,[]\s*)(\d{16,})(?=\s*[,\]}])/g, '$1{"__bigint":"$2"}');
  return JSON.parse(marked, (_, v) => (v !== null && typeof v === "object" && typeof v.__bigint === "string" ? BigInt(v.__bigint) : v));
}

/** Runs one scenario; throws on the first step that differs. Returns the number of steps. */
export function runScenario(lib, scenario) {
  const fns = functions(lib);
  const saved = new Map();
  const objects = [];
  try {
    scenario.steps.forEach((step, n) => {
      const where = `${scenario.name}, step ${n + 1} (${step.call})`;
      const args = Object.fromEntries(Object.entries(step.args ?? {}).map(([k, v]) => [k, value(saved, v)]));
      let call;
      if (step.self !== undefined) {
        const method = METHODS[step.call] ?? fail(`${where}: unknown method`);
        const self = saved.get(step.self) ?? fail(`${where}: no saved object ${step.self}`);
        call = () => method(self, args);
      } else if (HELPERS[step.call]) {
        call = () => HELPERS[step.call](args);
      } else {
        const f = fns[step.call] ?? fail(`${where}: unknown call`);
        call = () => f(args);
      }
      let result;
      try {
        result = call();
      } catch (e) {
        if (e instanceof CheckError) throw e;
        if (step.error !== undefined && e && e.name === "FrankingError") {
          check(e.kind === step.error, `${where}: failed with ${e.kind} (${e.message}), expected ${step.error}`);
          return;
        }
        throw new CheckError(`${where}: ${e?.name} ${e?.kind ?? ""} ${e?.message}`);
      }
      check(step.error === undefined, `${where}: succeeded, expected ${step.error}`);
      if (result !== null && typeof result === "object" && typeof result.free === "function") objects.push(result);
      const got = typeof result?.free === "function" ? result : toFacade(result);
      if (step.out !== undefined) saved.set(step.out, got);
      if (step.expect !== undefined) {
        const want = value(saved, step.expect);
        check(same(want, got), `${where}: got ${show(got)}, expected ${show(want)}`);
      }
      for (const [p, v] of Object.entries(step.expect_fields ?? {})) {
        const want = value(saved, v);
        let at = got;
        for (const part of p.split(".")) at = Array.isArray(at) ? at[Number(part)] : at?.[part];
        check(same(want, at), `${where}: ${p} is ${show(at)}, expected ${show(want)}`);
      }
    });
  } finally {
    for (const o of objects) o.free();
  }
  return scenario.steps.length;
}
