// The demo's relay: it delivers sealed messages between the chat panes and
// stamps each delivery with the platform's keyring (the franking package
// in Node), numbering the messages of each conversation. It never sees a
// key or a plaintext. It keeps the key records the moderation service
// syncs from, and the report submissions it forwards there.
import * as franking from "../pkg/node.js";

const b64 = (bytes) => Buffer.from(bytes).toString("base64");
const unb64 = (text) => new Uint8Array(Buffer.from(text, "base64"));
const MAX_AGE = 30 * 24 * 3600;

export function createRelay({ clock = () => Math.floor(Date.now() / 1000) } = {}) {
  const keyring = franking.Keyring.generate(1, clock() - 3600, MAX_AGE);
  const messages = []; // {seq, from, to, conversation, timestamp, ...sealed parts}
  const seqs = new Map();
  const submissions = [];

  function send(body) {
    const { from, to, conversation } = body;
    const seq = (seqs.get(conversation) ?? 0) + 1;
    seqs.set(conversation, seq);
    const context = { sender: from, recipient: to, timestamp: clock(), messageId: `${conversation}/${seq}`, conversation, seq };
    // One receipt for the recipient; the sender gets one of its own copy too
    // (the same stamp: it binds sender, recipient and position).
    const receipt = keyring.stampReceipt(unb64(body.frankingTag), context);
    const m = { ...body, seq, timestamp: context.timestamp, receipt: b64(receipt) };
    messages.push(m);
    return { seq, timestamp: context.timestamp, receipt: m.receipt };
  }

  /** Handles /relay/... for the static server. */
  function api(req, res, raw, path) {
    const reply = (status, value) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    try {
      const url = new URL(req.url, "http://relay");
      if (req.method === "POST" && path === "/relay/send") return reply(200, send(JSON.parse(raw)));
      if (req.method === "GET" && path === "/relay/inbox") {
        const user = url.searchParams.get("user");
        const after = Number(url.searchParams.get("after") ?? 0);
        return reply(200, messages.filter((m) => (m.to === user || m.from === user) && m.seq > after));
      }
      if (req.method === "GET" && path === "/relay/keys") return reply(200, keyring.exportRecords().map(b64));
      if (req.method === "POST" && path === "/relay/report") {
        const { reporter, submission } = JSON.parse(raw);
        // The relay authenticates the reporter (here: trusts the pane) and
        // forwards the submission to the moderation service unopened.
        submissions.push({ reporter, submission, received: clock() });
        return reply(200, { queued: submissions.length });
      }
      if (req.method === "GET" && path === "/relay/reports") return reply(200, submissions);
      return reply(404, { error: "no such endpoint" });
    } catch (e) {
      return reply(400, { error: String(e && e.message), kind: e && e.kind });
    }
  }

  return { api };
}
