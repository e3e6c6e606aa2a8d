// Serves the demo: `node bindings/wasm/demo/serve.js` after a build
// (bindings/wasm/run-tests, or its build steps), then open the printed URL.
import { serve } from "../tests/server.js";
import { createRelay } from "./relay.js";

const relay = createRelay();
const server = await serve({ api: relay.api });
console.log(`franking demo: ${server.url}/bindings/wasm/demo/index.html (Ctrl-C stops it)`);
