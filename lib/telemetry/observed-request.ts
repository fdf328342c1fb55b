import type { TraceContext } from "../context/call-context.js";

/** One MCP request as telemetry sees it: what the protocol layer knows before the handler runs (SDK-free). */
export interface ObservedRequest {
  /** The JSON-RPC method, e.g. "tools/call", "resources/list", "initialize". */
  readonly method: string;
  readonly requestId: string | number;
  /** `params.name` of tools/call and prompts/get. */
  readonly name?: string;
  /** `params.uri` of resources/read, subscribe and unsubscribe. */
  readonly uri?: string;
  /** The 2025 Streamable HTTP session. */
  readonly sessionId?: string;
  readonly protocolVersion?: string;
  /** True when the request came over HTTP (network.transport "tcp"). */
  readonly http: boolean;
  /** `traceparent`, `tracestate` and `baggage` from `params._meta`. */
  readonly traceContext?: TraceContext;
  /** Aborted when the client cancels the request. */
  readonly signal: AbortSignal;
}

/** Runs one request's handler inside its telemetry (a server span, the duration metric). */
export type RequestObserver = <R>(request: ObservedRequest, handle: () => Promise<R>) => Promise<R>;
