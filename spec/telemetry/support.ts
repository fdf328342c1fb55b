import { context, propagation, type Attributes } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type Histogram } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { TelemetryOptions } from "../../lib/index.js";

let registered = false;

/** What the OpenTelemetry Node SDK registers globally: an async-hooks context manager and the W3C propagator. */
function registerGlobals(): void {
  if (registered) return;
  registered = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** A real SDK tracer and meter provider with in-memory exporters, for one application. */
export interface RecordedTelemetry {
  /** Pass as `McpApplicationOptions.telemetry`. */
  options: TelemetryOptions;
  /** Every span ended so far. */
  spans(): ReadableSpan[];
  /** The one ended span with this name; fails the test when there are none or several. */
  span(name: string): ReadableSpan;
  /** Resolves with the span of this name once it has ended (at once if it has). */
  ended(name: string): Promise<ReadableSpan>;
  /** The data points of a metric at this moment (cumulative). */
  points<T = number>(metric: string): Promise<DataPoint<T>[]>;
  shutdown(): Promise<void>;
}

export function recordTelemetry(): RecordedTelemetry {
  registerGlobals();
  const spanExporter = new InMemorySpanExporter();
  const waiters: { name: string; resolve: (span: ReadableSpan) => void }[] = [];
  const notifier: SpanProcessor = {
    onStart: () => undefined,
    onEnd(span) {
      for (const waiter of waiters.filter((w) => w.name === span.name)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(span);
      }
    },
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter), notifier] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spans = () => spanExporter.getFinishedSpans();
  return {
    options: { tracerProvider, meterProvider },
    spans,
    span(name) {
      const found = spans().filter((s) => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length} among: ${spans().map((s) => s.name).join(", ")}`);
      return found[0]!;
    },
    ended(name) {
      const done = spans().find((s) => s.name === name);
      return done ? Promise.resolve(done) : new Promise((resolve) => waiters.push({ name, resolve }));
    },
    async points<T>(metric: string) {
      metricExporter.reset();
      await reader.forceFlush();
      const exported = metricExporter.getMetrics().at(-1);
      const data = exported?.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === metric);
      return (data?.dataPoints ?? []) as DataPoint<T>[];
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** The value of the data point whose attributes include `match`; 0 when there is none. */
export function valueOf(points: DataPoint<number>[], match: Attributes): number {
  const found = points.find((p) => Object.entries(match).every(([key, value]) => p.attributes[key] === value));
  return found?.value ?? 0;
}

/** The histogram data point whose attributes include `match`. */
export function histogramOf(points: DataPoint<Histogram>[], match: Attributes): Histogram | undefined {
  return points.find((p) => Object.entries(match).every(([key, value]) => p.attributes[key] === value))?.value;
}

/** The spans whose parent is `parent`, by start time. */
export function childrenOf(spans: ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  const id = parent.spanContext().spanId;
  return spans.filter((s) => s.parentSpanContext?.spanId === id).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
}
