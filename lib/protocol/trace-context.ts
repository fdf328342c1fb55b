import { BAGGAGE_META_KEY, TRACEPARENT_META_KEY, TRACESTATE_META_KEY } from "@modelcontextprotocol/server";
import type { TraceContext } from "../context/call-context.js";

/** The trace context in a request's `_meta`, when the client sent one. */
export function traceContextOf(meta: Record<string, unknown> | undefined): TraceContext | undefined {
  const traceparent = meta?.[TRACEPARENT_META_KEY];
  if (typeof traceparent !== "string") return undefined;
  const tracestate = meta?.[TRACESTATE_META_KEY];
  const baggage = meta?.[BAGGAGE_META_KEY];
  return { traceparent, tracestate: typeof tracestate === "string" ? tracestate : undefined, baggage: typeof baggage === "string" ? baggage : undefined };
}
