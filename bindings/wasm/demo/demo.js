// The demo's three panes. Alice's and Bob's clients seal, open, keep
// evidence and report; the moderator verifies. Everything cryptographic is
// the franking package (WebAssembly); the relay (relay.js) stamps.
import {
  AttachmentOpenStream,
  AttachmentSealStream,
  Keyring,
  MediaReportBuilder,
  attachmentEvidence,
  buildConversationReport,
  buildReportFromReceipt,
  buildSubmission,
  checkReceipt,
  decodeMediaMessage,
  encodeMediaMessage,
  generateMessageKey,
  generateNonce,
  open,
  seal,
  sealWithNonce,
} from "../pkg/browser.js";

const CONVERSATION = "chat:alice+bob";
const KEY = generateMessageKey(); // the two clients' end-to-end session key
const MAX_AGE = 30 * 24 * 3600;
const HARASSMENT = 3;
const enc = new TextEncoder();
const dec = new TextDecoder();
const b64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const time = (seconds) => new Date(Number(seconds) * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";

async function post(path, value) {
  const r = await fetch(path, { method: "POST", body: JSON.stringify(value) });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error);
  return body;
}
const get = async (path) => (await fetch(path)).json();

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function readAll(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

class Client {
  constructor(name, peer) {
    this.name = name;
    this.peer = peer;
    this.pane = document.getElementById(name);
    this.list = this.pane.querySelector(".messages");
    this.store = new Map(); // seq -> what this client keeps of each message
    this.after = 0;
  }

  async send(text) {
    const header = enc.encode(CONVERSATION);
    const sealed = seal(KEY, header, enc.encode(text));
    await this.post(header, sealed, {});
  }

  async sendImage(blob, caption) {
    // The attachment streams through the sealer; its keys derive from the
    // message's nonce, chosen first.
    const nonce = generateNonce();
    const sealer = new AttachmentSealStream(KEY, nonce, 0);
    const ciphertext = await readAll(blob.stream().pipeThrough(sealer));
    const { descriptor, tree } = await sealer.result;
    const header = enc.encode(CONVERSATION);
    const sealed = sealWithNonce(KEY, nonce, header, encodeMediaMessage([descriptor], enc.encode(caption)));
    await this.post(header, sealed, { attachment: b64(ciphertext), tree: b64(tree) });
  }

  async post(header, sealed, extra) {
    await post("/relay/send", {
      from: this.name,
      to: this.peer,
      conversation: CONVERSATION,
      header: b64(header),
      envelope: b64(sealed.envelope),
      ciphertext: b64(sealed.ciphertext),
      frankingTag: b64(sealed.frankingTag),
      ...extra,
    });
  }

  /** Fetches and opens new messages; polls run one at a time. */
  poll() {
    this.polling = (this.polling ?? Promise.resolve()).then(() => this.pollOnce());
    return this.polling;
  }

  async pollOnce() {
    for (const m of await get(`/relay/inbox?user=${this.name}&after=${this.after}`)) {
      if (m.seq <= this.after) continue;
      this.after = m.seq;
      const envelope = unb64(m.envelope);
      const opened = open(KEY, envelope, unb64(m.header), unb64(m.ciphertext));
      const receipt = unb64(m.receipt);
      const expected = { sender: m.from, recipient: m.to, conversation: CONVERSATION };
      checkReceipt(receipt, opened.frankingTag, expected);
      const kept = { m, opened, receipt, expected, text: null, image: null, evidence: null };
      if (m.attachment) {
        const media = decodeMediaMessage(opened.message);
        kept.text = dec.decode(media.body);
        kept.evidence = attachmentEvidence(KEY, envelope.subarray(0, 24), opened.message, 0);
        const cipher = new Blob([unb64(m.attachment)]);
        kept.image = await readAll(cipher.stream().pipeThrough(new AttachmentOpenStream(kept.evidence, unb64(m.tree))));
      } else {
        kept.text = dec.decode(opened.message);
      }
      this.store.set(m.seq, kept);
      this.render(kept);
    }
  }

  render(kept) {
    const { m } = kept;
    const li = el("li", { class: m.from === this.name ? "mine" : "", "data-seq": m.seq }, el("div", { class: "meta" }, `#${m.seq} ${m.from} · ${time(m.timestamp)}`), kept.text);
    if (kept.image) li.append(el("img", { src: URL.createObjectURL(new Blob([kept.image], { type: "image/png" })), alt: kept.text }));
    if (this.name === "bob") {
      li.append(el("br"));
      if (m.from !== this.name) li.append(el("button", { class: "report", type: "button", onclick: () => this.report(m.seq).catch(fail) }, "Report"));
      li.append(el("button", { class: "delete", type: "button", onclick: () => this.delete(m.seq, li) }, "Delete"));
    }
    this.list.append(li);
  }

  delete(seq, li) {
    // A deleted message leaves the store: a later report shows a gap there.
    this.store.delete(seq);
    li.remove();
  }

  reportOf(kept) {
    return buildReportFromReceipt(kept.opened, kept.receipt, kept.expected);
  }

  attachmentReport(kept) {
    const builder = MediaReportBuilder.whole(kept.evidence, this.reportOf(kept));
    const parts = [builder.head()];
    for (let at = 0; at < kept.image.length; at += 65536) parts.push(builder.pushChunk(kept.image.subarray(at, at + 65536)));
    builder.free();
    return readAllSync(parts);
  }

  /** Reports message `seq` with the conversation around it (3 each side, as kept) and its images. */
  async report(seq) {
    const target = this.store.get(seq);
    const around = [...this.store.values()].filter((k) => Math.abs(k.m.seq - seq) <= 3).sort((a, b) => a.m.seq - b.m.seq);
    const entries = [
      { kind: "message", report: this.reportOf(target) },
      { kind: "conversation", report: buildConversationReport(around.map((k) => ({ report: this.reportOf(k) }))) },
      ...around.filter((k) => k.evidence).map((k) => ({ kind: "attachment", report: this.attachmentReport(k) })),
    ];
    const submission = buildSubmission(HARASSMENT, this.name, "he keeps threatening me", entries);
    await post("/relay/report", { reporter: this.name, submission: b64(submission) });
    this.pane.querySelector(`li[data-seq="${seq}"] .report`).textContent = "Reported";
  }
}

function readAllSync(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function moderate() {
  // The moderation service's keyring: verify-only, synced from the relay's key records.
  const ring = Keyring.verifyOnly(MAX_AGE);
  ring.sync((await get("/relay/keys")).map(unb64));
  const out = document.getElementById("verdict");
  out.replaceChildren();
  for (const s of await get("/relay/reports")) {
    const now = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    const v = ring.verifySubmission(now, unb64(s.submission), s.reporter, []);
    const ms = (performance.now() - t0).toFixed(1);
    out.append(renderVerdict(v, ms));
  }
  ring.free();
}

function renderVerdict(v, ms) {
  const reported = v.entries.find((e) => e.kind === "message").verdict;
  const conversation = v.entries.find((e) => e.kind === "conversation")?.verdict;
  const attachments = v.entries.filter((e) => e.kind === "attachment").map((e) => e.verdict);
  const imageOf = (stamp) => attachments.find((a) => sameBytes(a.report.stamp, stamp));
  const textOf = (message, stamp) => (imageOf(stamp) ? dec.decode(decodeMediaMessage(message).body) : dec.decode(message));
  const img = (a) => el("img", { class: "evidence-image", src: URL.createObjectURL(new Blob([a.plaintext], { type: "image/png" })), alt: "reported image" });
  const box = el("article", { class: "report-view" });
  box.append(
    el(
      "p",
      { class: "ok", id: "verdict-status" },
      `✓ Verified: the reported message, ${conversation ? conversation.entries.length : 0} messages around it and ${attachments.length} image${attachments.length === 1 ? "" : "s"}, each stamped by the platform (checked in ${ms} ms)`,
    ),
    el(
      "dl",
      { class: "fields" },
      el("dt", {}, "Reporter"), el("dd", {}, `${dec.decode(v.reporter)} (authenticated by the platform)`),
      el("dt", {}, "Reason"), el("dd", { class: "claim" }, `${v.reasonName} (claimed)`),
      el("dt", {}, "Note"), el("dd", { class: "claim" }, `“${v.note}” (claimed)`),
    ),
    el("h3", {}, "Reported message"),
    el(
      "dl",
      { class: "fields reported", id: "reported-message" },
      el("dt", {}, "From"), el("dd", {}, dec.decode(reported.context.sender)),
      el("dt", {}, "To"), el("dd", {}, dec.decode(reported.context.recipient)),
      el("dt", {}, "When"), el("dd", {}, time(reported.context.timestamp)),
      el("dt", {}, "Message"), el("dd", {}, textOf(reported.message, reported.stamp)),
    ),
  );
  for (const a of attachments) {
    box.append(
      el("h3", {}, "Image"),
      el("p", { class: "muted" }, `Attachment of message #${a.report.context.seq} from ${dec.decode(a.report.context.sender)}, ${a.attachmentLen} bytes, ${a.isWhole ? "whole" : "a range"}, verified chunk by chunk`),
      img(a),
    );
  }
  if (conversation) {
    box.append(el("h3", {}, `Conversation around it (${conversation.isContiguous ? "no gap" : `${conversation.missing} missing`})`));
    const table = el("table", { class: "conversation", id: "conversation" });
    let previous = null;
    for (const e of conversation.entries) {
      const seq = e.context.seq;
      if (previous !== null && seq > previous + 1n) {
        const missing = seq - previous - 1n;
        const which = missing === 1n ? `#${previous + 1n}` : `#${previous + 1n} to #${seq - 1n}`;
        table.append(el("tr", { class: "gap" }, el("td", { colspan: "4" }, `⋯ ${missing} message${missing === 1n ? "" : "s"} missing here (${which}): not in the report ⋯`)));
      }
      previous = seq;
      const isReported = sameBytes(e.stamp, reported.stamp);
      const a = imageOf(e.stamp);
      const content = el("td", {}, e.stampOnly ? "(stamp only)" : textOf(e.message, e.stamp));
      if (a) content.append(img(a));
      table.append(el("tr", { class: isReported ? "reported" : "" }, el("td", {}, `#${seq}`), el("td", {}, time(e.context.timestamp).slice(11)), el("td", {}, dec.decode(e.context.sender)), content));
    }
    box.append(table);
  }
  return box;
}

function fail(e) {
  console.error(e);
  document.getElementById("verdict").append(el("p", { class: "error" }, `Error: ${e.kind ?? ""} ${e.message}`));
}

const alice = new Client("alice", "bob");
const bob = new Client("bob", "alice");
const refresh = async () => {
  await alice.poll();
  await bob.poll();
};

function imageBlob() {
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 200;
  const g = canvas.getContext("2d");
  const grad = g.createLinearGradient(0, 0, 320, 200);
  grad.addColorStop(0, "#ff8a3d");
  grad.addColorStop(1, "#7b2ff7");
  g.fillStyle = grad;
  g.fillRect(0, 0, 320, 200);
  g.fillStyle = "#fff";
  g.font = "bold 28px sans-serif";
  g.fillText("your address", 24, 90);
  g.font = "20px sans-serif";
  g.fillText("I know where you live", 24, 130);
  return new Promise((ok) => canvas.toBlob(ok, "image/png"));
}

for (const client of [alice, bob]) {
  client.pane.querySelector("form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const input = client.pane.querySelector("input");
    const text = input.value.trim();
    input.value = "";
    if (text) client.send(text).then(refresh).catch(fail);
  });
}
document.getElementById("alice-image").addEventListener("click", async () => {
  try {
    await alice.sendImage(await imageBlob(), "look what I found");
    await refresh();
  } catch (e) {
    fail(e);
  }
});
document.getElementById("moderate").addEventListener("click", () => moderate().catch(fail));
setInterval(() => refresh().catch(fail), 1000);
window.demoReady = true;
