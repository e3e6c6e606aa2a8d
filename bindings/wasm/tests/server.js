// A static file server on 127.0.0.1 for the browser tests and the demo:
// serves the repository (so the page reaches bindings/wasm/pkg and
// tests/vectors) and, when given, a relay's API under /relay/.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".css": "text/css",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

export const repoRoot = resolve(fileURLToPath(new URL("../../../", import.meta.url)));

/** Starts the server over `root` (the repository by default); `api(req, res, body, path)` handles /relay/ requests. Resolves to {url, close}. */
export function serve({ api, root = repoRoot, port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (api && path.startsWith("/relay/")) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      return api(req, res, Buffer.concat(chunks), path);
    }
    const file = normalize(resolve(root, "." + path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => {
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** Debian's chromium (run-tests installs it), or $CHROMIUM. */
export function chromiumPath() {
  return process.env.CHROMIUM ?? "/usr/bin/chromium";
}
