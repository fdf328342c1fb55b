import type { MeterProvider, TracerProvider } from "@opentelemetry/api";

/** Where an application's spans and metrics go (`McpApplicationOptions.telemetry`). */
export interface TelemetryOptions {
  /** Default: the global one, which the OpenTelemetry SDK registers. */
  tracerProvider?: TracerProvider;
  /** Default: the global one, which the OpenTelemetry SDK registers. */
  meterProvider?: MeterProvider;
}

/** The registry the OpenTelemetry API keeps on `globalThis` (one per API major version), read without loading the API. */
const OTEL_GLOBAL = Symbol.for("opentelemetry.js.api.1");

/**
 * Whether an application reports telemetry: never with `false`; always with explicit providers;
 * otherwise when a tracer or meter provider was registered globally (the SDK started) before the
 * application did. Without one the API is not even loaded: calls run exactly as uninstrumented.
 */
export function wantsTelemetry(options: TelemetryOptions | false | undefined): boolean {
  if (options === false) return false;
  if (options?.tracerProvider || options?.meterProvider) return true;
  const registered = (globalThis as Record<symbol, { trace?: unknown; metrics?: unknown } | undefined>)[OTEL_GLOBAL];
  return registered?.trace !== undefined || registered?.metrics !== undefined;
}
