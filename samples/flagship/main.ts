import { runApplication } from "../../lib/index.js";
import { createFlagshipApplication } from "./flagship-application.js";

// `npm start` serves stdio; `npm start -- --http --port 3000` serves Streamable HTTP.
await runApplication(createFlagshipApplication());
