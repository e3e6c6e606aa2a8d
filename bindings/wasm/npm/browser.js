// Browsers and bundlers: the module fetched (and compiled while it streams)
// from beside this file. Bundlers (webpack 5, Vite, Rollup) see
// `new URL(..., import.meta.url)` and ship the .wasm; with esbuild, copy it.
import init from "./franking_wasm.js";

await init({ module_or_path: new URL("./franking_wasm_bg.wasm", import.meta.url) });

export * from "./api.js";
