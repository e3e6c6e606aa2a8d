//! TypeScript declarations of the plain objects the functions take and
//! return (wasm-bindgen writes the functions' own signatures).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Bytes: a Uint8Array (a Node Buffer is one). */
export type Bytes = Uint8Array;
/** A cipher suite; "xchacha20" when omitted. */
export type Suite = "xchacha20" | "aes256";

/** What the platform binds into a stamp. Ids may be strings (their UTF-8 bytes). */
export interface DeliveryContextInput {
  sender: Bytes | string;
  recipient: Bytes | string;
  /** Seconds since the Unix epoch. */
  timestamp: number | bigint;
  messageId: Bytes | string;
  /** The conversation id; omitted outside any conversation. */
  conversation?: Bytes | string;
  /** Sequence number in the conversation; 0 when omitted. */
  seq?: number | bigint;
}
/** A delivery context as the crate returns it. */
export interface DeliveryContext {
  sender: Uint8Array;
  recipient: Uint8Array;
  timestamp: bigint;
  messageId: Uint8Array;
  conversation: Uint8Array;
  seq: bigint;
}
/** What a recipient expects of a receipt. */
export interface ExpectedDeliveryInput {
  sender: Bytes | string;
  recipient: Bytes | string;
  conversation?: Bytes | string;
}
export interface SealedMessage {
  /** The 88-byte envelope. */
  envelope: Uint8Array;
  /** The 32-byte franking tag the platform stamps. */
  frankingTag: Uint8Array;
  ciphertext: Uint8Array;
}
export interface EnvelopeInfo {
  nonce: Uint8Array;
  frankingTag: Uint8Array;
  integrityTag: Uint8Array;
}
export interface StampInfo {
  keyId: number;
  mac: Uint8Array;
}
export interface Commitment {
  opening: Uint8Array;
  frankingTag: Uint8Array;
}
/** An opened message and its evidence; the opening is secret until reported. */
export interface OpenedMessage {
  header: Uint8Array;
  message: Uint8Array;
  opening: Uint8Array;
  frankingTag: Uint8Array;
}
export interface ReceiptInfo {
  stamp: Uint8Array;
  frankingTag: Uint8Array;
  context: DeliveryContext;
}
/** A conversation report entry: a message report, or a receipt (stamp-only). */
export type ConversationEntryInput = { report: Bytes } | { receipt: Bytes };
export interface KeyInfo {
  keyId: number;
  notBefore: bigint;
  /** 2^64 - 1 while the interval is open. */
  notAfter: bigint;
  isOpen: boolean;
}
export interface SyncReport {
  added: number;
  closed: number;
  retired: number;
}
export interface VerifiedReport {
  context: DeliveryContext;
  header: Uint8Array;
  message: Uint8Array;
  keyId: number;
  stamp: Uint8Array;
  frankingTag: Uint8Array;
}
export interface VerifiedEntry {
  /** The message is shown by its stamp only: header and message are empty. */
  stampOnly: boolean;
  context: DeliveryContext;
  keyId: number;
  stamp: Uint8Array;
  header: Uint8Array;
  message: Uint8Array;
}
/** Messages missing between two entries: sequence numbers after + 1 .. before. */
export interface Gap {
  after: bigint;
  before: bigint;
  missing: bigint;
}
export interface ConversationVerdict {
  conversation: Uint8Array;
  entries: VerifiedEntry[];
  gaps: Gap[];
  missing: bigint;
  isContiguous: boolean;
  isComplete: boolean;
}
export interface VerifiedRange {
  report: VerifiedReport;
  attachment: number;
  descriptor: Uint8Array;
  attachmentLen: bigint;
  firstChunk: bigint;
  chunkCount: bigint;
  byteOffset: bigint;
  isWhole: boolean;
  plaintext: Uint8Array;
}
export interface MediaMessage {
  body: Uint8Array;
  descriptors: Uint8Array[];
}
export interface SealedChunk {
  ciphertext: Uint8Array;
  /** Tree records to append to the attachment's outboard tree (64 bytes each). */
  treeRecords: Uint8Array;
}
export type SubmissionEntryKind = "message" | "conversation" | "attachment";
export interface SubmissionEntryInput {
  kind: SubmissionEntryKind;
  report: Bytes;
}
/** The platform's record that account was in room for seq firstSeq..=lastSeq. */
export interface RoomMembershipInput {
  room: Bytes | string;
  account: Bytes | string;
  firstSeq: number | bigint;
  lastSeq: number | bigint;
}
export type VerifiedSubmissionEntry =
  | { kind: "message"; verdict: VerifiedReport }
  | { kind: "conversation"; verdict: ConversationVerdict }
  | { kind: "attachment"; verdict: VerifiedRange };
export interface SubmissionMessage {
  entry: number;
  addressee: "direct" | "sent" | "room";
  report: VerifiedReport;
}
/** A verified submission: entries and messages are verified; reason, note and claimedReporter are claims. */
export interface SubmissionVerdict {
  reporter: Uint8Array;
  entries: VerifiedSubmissionEntry[];
  messages: SubmissionMessage[];
  reason: number;
  reasonName: string | null;
  note: string;
  claimedReporter: Uint8Array;
}
"#;
