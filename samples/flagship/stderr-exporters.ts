import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { PushMetricExporter, ResourceMetrics } from "@opentelemetry/sdk-metrics";

// Console exporters for a stdio server: stdout is the MCP channel, so everything goes to stderr,
// one line per span or data point.

const SUCCESS = { code: 0 } as const;
const ms = (span: ReadableSpan) => (span.duration[0] * 1e3 + span.duration[1] / 1e6).toFixed(2);

export const stderrSpanExporter: SpanExporter = {
  export(spans, done) {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      const parent = span.parentSpanContext?.spanId ?? "-";
      const error = span.attributes["error.type"] === undefined ? "" : ` error=${String(span.attributes["error.type"])}`;
      process.stderr.write(`otel span ${span.name} ${ms(span)} ms trace=${traceId} span=${spanId} parent=${parent}${error} ${JSON.stringify(span.attributes)}\n`);
    }
    done(SUCCESS);
  },
  shutdown: async () => undefined,
};

export const stderrMetricExporter: PushMetricExporter = {
  export(metrics: ResourceMetrics, done) {
    for (const metric of metrics.scopeMetrics.flatMap((scope) => scope.metrics)) {
      for (const point of metric.dataPoints as { attributes: object; value: unknown }[]) {
        const value = typeof point.value === "number" ? point.value : JSON.stringify({ count: (point.value as { count: number }).count, sum: (point.value as { sum?: number }).sum });
        process.stderr.write(`otel metric ${metric.descriptor.name} ${value} ${JSON.stringify(point.attributes)}\n`);
      }
    }
    done(SUCCESS);
  },
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
