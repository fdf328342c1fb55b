/**
 * OpenTelemetry for the sample, set up here and not in the library: mcpkit only reports to the
 * API, and a program chooses its SDK and exporters. `--otel console` prints spans and metrics on
 * stderr; `--otel otlp`, or OTEL_EXPORTER_OTLP_ENDPOINT in the environment, sends them over OTLP
 * (the standard OTEL_* variables configure it). Without either, nothing is loaded.
 */
export interface SampleTelemetry {
  /** The command line without `--otel MODE`, for `runApplication`. */
  argv: string[];
  /** Flushes and stops the SDK (after the application closed). */
  shutdown(): Promise<void>;
}

type Mode = "console" | "otlp";

export async function startTelemetry(argv: readonly string[], env: Record<string, string | undefined>): Promise<SampleTelemetry> {
  const rest = [...argv];
  let mode: Mode | undefined;
  const flag = rest.indexOf("--otel");
  if (flag >= 0) {
    const value = rest[flag + 1];
    if (value !== "console" && value !== "otlp") throw new Error(`--otel needs "console" or "otlp" (got ${value === undefined ? "nothing" : `"${value}"`})`);
    mode = value;
    rest.splice(flag, 2);
  } else if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    mode = "otlp";
  }
  if (!mode) return { argv: rest, shutdown: async () => undefined };

  // Loaded on demand: the SDK costs a server that does not report anything nothing.
  const { NodeSDK, metrics, tracing } = await import("@opentelemetry/sdk-node");
  const sdk =
    mode === "console"
      ? await (async () => {
          const { stderrMetricExporter, stderrSpanExporter } = await import("./stderr-exporters.js");
          return new NodeSDK({
            serviceName: "mcpkit-shop",
            spanProcessors: [new tracing.SimpleSpanProcessor(stderrSpanExporter)],
            metricReaders: [new metrics.PeriodicExportingMetricReader({ exporter: stderrMetricExporter, exportIntervalMillis: 30_000 })],
          });
        })()
      : // Exporters, endpoint, headers and intervals all come from the OTEL_* environment variables.
        new NodeSDK({ serviceName: env.OTEL_SERVICE_NAME ?? "mcpkit-shop" });
  // Before the application is created: it looks for a registered SDK when it starts.
  sdk.start();
  return { argv: rest, shutdown: () => sdk.shutdown() };
}
