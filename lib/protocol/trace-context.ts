import type { TraceContext } from "../context/call-context.js";

// The W3C trace context keys of a request's `_meta` (the SDK's TRACEPARENT/TRACESTATE/BAGGAGE_META_KEY).
const TRACEPARENT = "traceparent";
const TRACESTATE = "tracestate";
const BAGGAGE = "baggage";

/** The trace context in a request's `_meta`, when the client sent one. */
export function traceContextOf(meta: Record<string, unknown> | undefined): TraceContext | undefined {
  const traceparent = meta?.[TRACEPARENT];
  if (typeof traceparent !== "string") return undefined;
  const tracestate = meta?.[TRACESTATE];
  const baggage = meta?.[BAGGAGE];
  return { traceparent, tracestate: typeof tracestate === "string" ? tracestate : undefined, baggage: typeof baggage === "string" ? baggage : undefined };
}
