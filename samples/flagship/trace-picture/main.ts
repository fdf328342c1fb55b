import { writeFileSync } from "node:fs";
import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createTestClient } from "../../../lib/testing/index.js";
import { createFlagshipApplication } from "../flagship-application.js";
import { waterfallSvg } from "./waterfall-svg.js";

// Renders the README's trace picture: three get_user calls at once against the flagship (customers
// in MySQL when MYSQL_URL is set), their spans from an in-memory exporter, as an SVG waterfall.
//   MYSQL_URL=mysql://root@127.0.0.1:3306/test node dist/samples/flagship/trace-picture/main.js trace.svg
//   rsvg-convert -o samples/flagship/trace.png trace.svg

const output = process.argv[2] ?? "trace.svg";
// The JS SDK stamps a span's start with Date.now(), whole milliseconds, and measures its duration
// precisely; at this scale that would show children starting before their parents. For the
// picture only, the wall clock gets the precise monotonic clock's fractions.
Date.now = () => performance.timeOrigin + performance.now();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const app = createFlagshipApplication({ env: process.env, telemetry: { tracerProvider } });
const { client, close } = await createTestClient(app);
try {
  // Warm-up calls open the pool's first connection and warm the code, so the picture shows a steady server.
  for (const ids of [[1], [2, 3, 4], [5, 6]]) await Promise.all(ids.map((id) => client.callTool({ name: "get_user", arguments: { id } })));
  exporter.reset();
  await Promise.all([7, 8, 9].map((id) => client.callTool({ name: "get_user", arguments: { id } })));
} finally {
  await close();
}
const calls = new Set(exporter.getFinishedSpans().filter((s) => s.name === "tools/call get_user").map((s) => s.spanContext().traceId));
const spans = exporter.getFinishedSpans().filter((s) => calls.has(s.spanContext().traceId));
const store = process.env.MYSQL_URL ? "MariaDB" : "the embedded data set";
writeFileSync(
  output,
  waterfallSvg(spans, {
    title: "Three get_user calls at once: three traces, one batch, one query",
    subtitle: `The flagship sample over ${store}; its spans from the OpenTelemetry SDK's in-memory exporter, drawn by samples/flagship/trace-picture.`,
  }),
);
process.stderr.write(`${spans.length} spans of ${calls.size} traces written to ${output}\n`);
await tracerProvider.shutdown();
