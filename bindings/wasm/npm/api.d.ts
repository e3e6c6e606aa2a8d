export type {
  Bytes,
  Commitment,
  ConversationEntryInput,
  ConversationVerdict,
  DeliveryContext,
  DeliveryContextInput,
  EnvelopeInfo,
  ExpectedDeliveryInput,
  Gap,
  KeyInfo,
  MediaMessage,
  OpenedMessage,
  ReceiptInfo,
  RoomMembershipInput,
  SealedChunk,
  SealedMessage,
  StampInfo,
  SubmissionEntryInput,
  SubmissionEntryKind,
  SubmissionMessage,
  SubmissionVerdict,
  Suite,
  SyncReport,
  VerifiedEntry,
  VerifiedRange,
  VerifiedReport,
  VerifiedSubmissionEntry,
} from "./franking_wasm.js";
export {
  Keyring,
  MediaOpener,
  MediaReportBuilder,
  MediaSealer,
  VerifiedConversation,
  attachmentDescriptor,
  attachmentEvidence,
  attachmentEvidenceDescriptor,
  attachmentKey,
  buildConversationReport,
  buildReport,
  buildReportFromReceipt,
  buildSubmission,
  checkReceipt,
  commit,
  decodeEnvelope,
  decodeMediaMessage,
  decodeReceipt,
  decodeStamp,
  encodeKeyRecord,
  encodeMediaMessage,
  errorKinds,
  frankingVersion,
  generateMessageKey,
  generateNonce,
  keyRecordInfo,
  mediaChunkSize,
  open,
  openAttachmentChunk,
  reasonName,
  reportIdForConversation,
  reportIdForMessage,
  reportIdForRange,
  seal,
  sealWithNonce,
  verifyCommitment,
} from "./franking_wasm.js";
export { AttachmentOpenStream, AttachmentSealStream } from "./streams.js";

/** Every error this package throws: an Error named "FrankingError". */
export interface FrankingError extends Error {
  name: "FrankingError";
  /** The crate's error kind ("Invalid", "Malformed", ...) or "BadArgument". */
  kind: string;
}

import type { VerifiedEntry } from "./franking_wasm.js";

declare module "./franking_wasm.js" {
  interface VerifiedConversation {
    /** Every entry, in sequence order, each decoded when reached. */
    [Symbol.iterator](): Iterator<VerifiedEntry>;
  }
}
