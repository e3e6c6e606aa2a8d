// Type-checked against the package's declarations (run-tests: tsc
// --noEmit --strict): the README's flow, a verdict's fields, the streams and
// the error shape, as a TypeScript user writes them.
import {
  AttachmentOpenStream,
  AttachmentSealStream,
  type ConversationVerdict,
  type FrankingError,
  Keyring,
  type OpenedMessage,
  type SealedMessage,
  type VerifiedEntry,
  type VerifiedReport,
  VerifiedConversation,
  buildConversationReport,
  buildReport,
  generateMessageKey,
  generateNonce,
  open,
  seal,
} from "../pkg/api.js";

const enc = new TextEncoder();
const platform: Keyring = Keyring.generate(1, 0, 30 * 24 * 3600);
const key: Uint8Array = generateMessageKey();
const sealed: SealedMessage = seal(key, enc.encode("h"), enc.encode("hi"), "aes256");
const delivery = { sender: "alice", recipient: "bob", timestamp: 1_760_000_000, messageId: "m-1", conversation: "c", seq: 1n };
const stamp: Uint8Array = platform.stamp(sealed.frankingTag, delivery);
const opened: OpenedMessage = open(key, sealed.envelope, enc.encode("h"), sealed.ciphertext, "aes256");
const report: Uint8Array = buildReport(opened, delivery, stamp);
const verdict: VerifiedReport = platform.verify(1_760_000_010n, report);
const when: bigint = verdict.context.timestamp;
const keyId: number = verdict.keyId;
const conversation: ConversationVerdict = platform.verifyConversation(1_760_000_010, buildConversationReport([{ report }]));
const missing: bigint = conversation.gaps.reduce((n, g) => n + g.missing, 0n);
const current: number | undefined = platform.current;
using held: VerifiedConversation = platform.verifyConversationObject(1_760_000_010, buildConversationReport([{ report }]));
const first: VerifiedEntry | undefined = held.entry(0);
const heldMissing: bigint = held.missing;
const count: number = held.entryCount;
const senders: Uint8Array[] = [...held].map((e) => e.context.sender);
const whole: ConversationVerdict = held.verdict();

const sealer = new AttachmentSealStream(key, generateNonce(), 0);
const upload: ReadableStream<Uint8Array> = new Blob([enc.encode("x")]).stream().pipeThrough(sealer);
sealer.result.then(({ descriptor, tree }) => [descriptor.length, tree.length]);
const opener: TransformStream<BufferSource, Uint8Array> = new AttachmentOpenStream(new Uint8Array(123), new Uint8Array(0));

try {
  open(key, sealed.envelope, enc.encode("other"), sealed.ciphertext);
} catch (e) {
  const err = e as FrankingError;
  const kind: string = err.kind;
  void kind;
}
void [when, keyId, missing, current, first, heldMissing, count, senders, whole, upload, opener];
