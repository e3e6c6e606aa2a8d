import type { Bytes, Suite } from "./franking_wasm.js";

/** The end of a sealed attachment: its descriptor (for the message) and outboard tree (sent beside it). */
export interface SealedAttachment {
  descriptor: Uint8Array;
  tree: Uint8Array;
}

/**
 * Seals an attachment as it streams: plaintext in (chunks of any size),
 * ciphertext out, in constant memory. `result` resolves after the last byte.
 */
export class AttachmentSealStream extends TransformStream<BufferSource, Uint8Array> {
  constructor(messageKey: Bytes, nonce: Bytes, attachment?: number, suite?: Suite);
  readonly result: Promise<SealedAttachment>;
}

/**
 * Opens an attachment as it streams: ciphertext in, verified plaintext out.
 * A tampered chunk, or a stream that ends early, errors the stream.
 */
export class AttachmentOpenStream extends TransformStream<BufferSource, Uint8Array> {
  constructor(evidence: Bytes, tree: Bytes);
}
