// The public API: every binding (not the loader) and the streams.
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

import { VerifiedConversation } from "./franking_wasm.js";

// A held conversation verdict iterates over its entries, in sequence order,
// each decoded when reached.
VerifiedConversation.prototype[Symbol.iterator] = function* entries() {
  const count = this.entryCount;
  for (let i = 0; i < count; i++) yield this.entry(i);
};
