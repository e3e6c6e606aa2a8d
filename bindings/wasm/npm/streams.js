// WHATWG streams over the chunk-at-a-time media sealer and opener: an
// attachment of any size (a 2 GB video) goes through in constant memory,
// one 64 KiB chunk in wasm at a time.
import { MediaOpener, MediaSealer, mediaChunkSize } from "./franking_wasm.js";

const CHUNK = 65536;

function concat(parts, total) {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function bytesOf(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError("attachment streams carry Uint8Array, ArrayBuffer or typed array chunks");
}

/**
 * Seals attachment `attachment` of the message to be sealed under
 * `messageKey` and `nonce`: write the plaintext in (chunks of any size),
 * read the ciphertext out. `result` resolves, after the last byte, to
 * `{descriptor, tree}`: the 88-byte descriptor to put in the message and the
 * outboard tree to send beside the ciphertext.
 */
export class AttachmentSealStream extends TransformStream {
  constructor(messageKey, nonce, attachment = 0, suite = "xchacha20") {
    if (mediaChunkSize() !== CHUNK) throw new Error("unexpected media chunk size");
    const sealer = new MediaSealer(messageKey, nonce, attachment, suite);
    const pending = new Uint8Array(CHUNK);
    const tree = [];
    let treeLen = 0;
    let filled = 0;
    let settle;
    const result = new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
    const emit = (controller, last) => {
      // pushChunk copies the bytes into wasm memory: `pending` is reused.
      const { ciphertext, treeRecords } = sealer.pushChunk(pending.subarray(0, filled), last);
      if (treeRecords.length) {
        tree.push(treeRecords);
        treeLen += treeRecords.length;
      }
      filled = 0;
      controller.enqueue(ciphertext);
    };
    super({
      transform(chunk, controller) {
        const bytes = bytesOf(chunk);
        let off = 0;
        while (off < bytes.length) {
          // A full chunk is sealed only once more bytes arrive: the last
          // chunk is flagged as such, and only flush knows which it is.
          if (filled === CHUNK) emit(controller, false);
          const n = Math.min(CHUNK - filled, bytes.length - off);
          pending.set(bytes.subarray(off, off + n), filled);
          filled += n;
          off += n;
        }
      },
      flush(controller) {
        try {
          emit(controller, true);
          settle.resolve({ descriptor: sealer.descriptor(), tree: concat(tree, treeLen) });
        } catch (e) {
          settle.reject(e);
          throw e;
        } finally {
          sealer.free();
        }
      },
      cancel(reason) {
        settle.reject(reason);
        sealer.free();
      },
    });
    // A stream errored by its writer never reaches flush: say so here too.
    result.catch(() => {});
    this.result = result;
  }
}

/**
 * Opens an attachment from its `evidence` (from `attachmentEvidence`) and
 * outboard `tree`: write the ciphertext in (chunks of any size), read
 * verified plaintext out. Each chunk is checked against the descriptor's
 * root before its plaintext is enqueued; a bad chunk errors the stream, and
 * so does a stream that ends early.
 */
export class AttachmentOpenStream extends TransformStream {
  constructor(evidence, tree) {
    const opener = new MediaOpener(evidence, tree);
    const pending = new Uint8Array(CHUNK);
    let filled = 0;
    const openFull = (controller) => {
      for (;;) {
        const want = opener.nextChunkLen;
        if (want === undefined || filled < want) return;
        controller.enqueue(opener.openChunk(pending.subarray(0, want)));
        filled = 0;
      }
    };
    super({
      transform(chunk, controller) {
        const bytes = bytesOf(chunk);
        let off = 0;
        while (off < bytes.length) {
          const want = opener.nextChunkLen;
          if (want === undefined) {
            throw Object.assign(new Error("bytes after the attachment's last chunk"), {
              name: "FrankingError",
              kind: "Malformed",
            });
          }
          const n = Math.min(want - filled, bytes.length - off);
          pending.set(bytes.subarray(off, off + n), filled);
          filled += n;
          off += n;
          openFull(controller);
        }
      },
      flush(controller) {
        try {
          openFull(controller); // an empty attachment's one empty chunk
          opener.finish();
        } finally {
          opener.free();
        }
      },
      cancel() {
        opener.free();
      },
    });
  }
}
