// Serves the demo: `node bindings/wasm/demo/serve.js` after a build
// (bindings/wasm/run-tests, or its build steps), then open the printed URL
// (PORT=8080 to choose the port; only 127.0.0.1 listens).
import { serve } from "../tests/server.js";
import { createRelay } from "./relay.js";

const relay = createRelay();
const server = await serve({ api: relay.api, port: Number(process.env.PORT ?? 0) });
console.log(`franking demo: ${server.url}/bindings/wasm/demo/index.html (Ctrl-C stops it)`);
