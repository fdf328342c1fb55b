import { SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
import { InputNeededSignal } from "../context/input-round.js";
import type { CallTelemetry } from "./observed-call.js";
import type { McpMetrics } from "./metrics.js";
import { ATTR, MCPKIT_ATTR } from "./semantic-conventions.js";

/** `error.type` of a thrown value: a driver's error code (`ER_NO_SUCH_TABLE`, `ECONNREFUSED`), else its class name (`QueryKilledError`), else "_OTHER". */
export function errorTypeOf(error: unknown): string {
  if (!(error instanceof Error)) return "_OTHER";
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code !== "" ? code : error.name || error.constructor.name;
}

/** Marks a span failed as the conventions ask: `error.type`, and status ERROR with the message. */
export function markFailed(span: Span, errorType: string, message: string | undefined): void {
  span.setAttribute(ATTR.errorType, errorType);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** The child spans, events and per-operation metrics of one application's calls (see `CallTelemetry`). */
export class SpanReporter implements CallTelemetry {
  constructor(
    private readonly tracer: Tracer,
    private readonly metrics: McpMetrics,
  ) {}

  startSpan(name: string, attributes?: Attributes, options?: { kind?: "client"; parent?: Span; links?: readonly Span[] }): Span {
    const active = context.active();
    return this.tracer.startSpan(
      name,
      {
        kind: options?.kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL,
        attributes,
        links: options?.links?.map((span) => ({ context: span.spanContext() })),
      },
      options?.parent ? trace.setSpan(active, options.parent) : active,
    );
  }

  withSpan<T>(span: Span, fn: () => T): T {
    return context.with(trace.setSpan(context.active(), span), fn);
  }

  endSpan(span: Span, error?: unknown): void {
    // A 2026-07-28 call pausing to ask its client is not a failure.
    if (error !== undefined && !(error instanceof InputNeededSignal) && span.isRecording()) markFailed(span, errorTypeOf(error), error instanceof Error ? error.message : String(error));
    span.end();
  }

  addEvent(name: string, attributes?: Attributes): void {
    trace.getActiveSpan()?.addEvent(name, attributes);
  }

  recordException(error: unknown): void {
    const span = trace.getActiveSpan();
    if (span?.isRecording()) span.recordException(error instanceof Error ? error : String(error));
  }

  recordBatch(method: string, size: number): void {
    this.metrics.batchSize.record(size, { [MCPKIT_ATTR.batchMethod]: method });
  }

  recordPoolWait(pool: { name: string; kind: string }, seconds: number): void {
    this.metrics.poolWait.record(seconds, { [MCPKIT_ATTR.poolName]: pool.name, [MCPKIT_ATTR.poolKind]: pool.kind });
  }

  inject(headers: Record<string, string>): void {
    propagation.inject(context.active(), headers);
  }
}
