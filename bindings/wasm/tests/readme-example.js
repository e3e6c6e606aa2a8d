// The README's example, as a web developer would run it from the packed
// tarball: `npm install` it into an empty project, then run the example in
// Node, in a page with an import map (no bundler), and bundled with esbuild.
//
//   node tests/readme-example.js path/to/franking-1.0.0.tgz
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { chromiumPath, serve } from "./server.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const tarball = resolve(process.argv[2] ?? "");
const EXPECTED = "alice said: meet me behind the school";

const readme = readFileSync(join(here, "README.md"), "utf8");
const example = readme.match(/## Example\n\n```js\n([\s\S]*?)```/)?.[1];
if (!example) throw new Error("README.md has no ```js block under ## Example");
const lines = example.trim().split("\n").length;
console.log(`README example: ${lines} lines`);
if (lines > 20) throw new Error(`the README example has ${lines} lines, more than 20`);

const dir = mkdtempSync(join(tmpdir(), "franking-readme-"));
try {
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "readme-check", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir, stdio: "inherit" });
  writeFileSync(join(dir, "example.mjs"), example);

  // Node.
  const out = execFileSync("node", ["example.mjs"], { cwd: dir, encoding: "utf8" }).trim();
  if (out !== EXPECTED) throw new Error(`node printed ${JSON.stringify(out)}`);
  console.log(`node: ${out}`);

  // A page with an import map, and a page of the esbuild bundle.
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><script type="importmap">{ "imports": { "franking": "./node_modules/franking/browser.js" } }</script>
<script type="module" src="./example.mjs"></script>`,
  );
  const esbuild = join(here, "node_modules", ".bin", "esbuild");
  execFileSync(esbuild, ["example.mjs", "--bundle", "--format=esm", "--platform=browser", "--target=es2022", "--outdir=dist", "--log-level=warning"], { cwd: dir, stdio: "inherit" });
  copyFileSync(join(dir, "node_modules/franking/franking_wasm_bg.wasm"), join(dir, "dist/franking_wasm_bg.wasm"));
  writeFileSync(join(dir, "dist/index.html"), `<!doctype html><script type="module" src="./example.js"></script>`);

  if (process.env.FRANKING_WASM_BROWSER === "0") {
    console.log("SKIP: the example in a page and bundled: no chromium (run-tests says why)");
    console.log("README example: 1 passed, 0 failed, 2 skipped");
  } else {
    const server = await serve({ root: dir });
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
    try {
      for (const [what, path] of [["page with an import map", "/index.html"], ["esbuild bundle", "/dist/index.html"]]) {
        const page = await browser.newPage();
        const errors = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        const printed = new Promise((ok) => page.on("console", (m) => m.text() === EXPECTED && ok(m.text())));
        await page.goto(server.url + path);
        const got = await Promise.race([printed, new Promise((_, no) => setTimeout(() => no(new Error(`${what}: no output; errors: ${errors.join("; ")}`)), 30_000).unref())]);
        console.log(`chromium, ${what}: ${got}`);
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
    console.log("README example: 3 passed, 0 failed");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
