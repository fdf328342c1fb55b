import * as api from "@opentelemetry/api";
import { McpMetrics, type MetricSources } from "./metrics.js";
import { useOpenTelemetryApi } from "./observed-call.js";
import type { RequestObserver } from "./observed-request.js";
import { createRequestObserver } from "./request-observer.js";
import { SpanReporter } from "./span-reporter.js";
import type { TelemetryOptions } from "./telemetry-options.js";

/** The context key under which an observed request carries its application's `CallTelemetry`. */
const CALL_TELEMETRY = api.createContextKey("mcpkit call telemetry");
useOpenTelemetryApi(api, CALL_TELEMETRY);

/** The instrumentation scope of everything mcpkit reports. */
const SCOPE = "mcpkit";

/**
 * One application's telemetry: its tracer and instruments, the observer the protocol layer runs
 * every request in, and the gauges it reads from the application. Loaded (with the OpenTelemetry
 * API) only when the application reports telemetry, at start.
 */
export class ApplicationTelemetry {
  readonly observeRequest: RequestObserver;
  private readonly metrics: McpMetrics;

  constructor(options: TelemetryOptions = {}, sources: MetricSources) {
    const tracer = (options.tracerProvider ?? api.trace.getTracerProvider()).getTracer(SCOPE);
    this.metrics = new McpMetrics((options.meterProvider ?? api.metrics.getMeterProvider()).getMeter(SCOPE));
    this.metrics.observe(sources);
    this.observeRequest = createRequestObserver(tracer, this.metrics, new SpanReporter(tracer, this.metrics), CALL_TELEMETRY);
  }

  /** Stops the gauges of a closed application. */
  stop(): void {
    this.metrics.stop();
  }
}
