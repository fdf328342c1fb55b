import { runApplication } from "../../lib/index.js";
import { createFlagshipApplication } from "./flagship-application.js";
import { startTelemetry, type SampleTelemetry } from "./telemetry.js";

// `npm start` serves stdio; `npm start -- --http --port 3000` serves Streamable HTTP;
// `--otel console` or OTEL_EXPORTER_OTLP_ENDPOINT reports OpenTelemetry traces and metrics.
let telemetry: SampleTelemetry;
try {
  telemetry = await startTelemetry(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`mcpkit-shop: ${(error as Error).message}\n`);
  process.exit(2);
}
await runApplication(createFlagshipApplication(), telemetry.argv, { afterClose: () => telemetry.shutdown() });
