// Node 20+: the module compiled from the file beside this one, before any
// export is used (no fetch of file: URLs in Node).
import { readFileSync } from "node:fs";
import { initSync } from "./franking_wasm.js";

initSync({ module: readFileSync(new URL("./franking_wasm_bg.wasm", import.meta.url)) });

export * from "./api.js";
