import { runApplication } from "../../lib/index.js";
import { everythingApp } from "./app.js";

// `npm run sample:everything -- --port 3001` serves http://127.0.0.1:3001/mcp (always over HTTP).
// Resumable streams on: the conformance suite checks priming events and polling (closeCallStream).
await runApplication(everythingApp(), ["--http", ...process.argv.slice(2)], { http: { resumableEvents: 1000 } });
