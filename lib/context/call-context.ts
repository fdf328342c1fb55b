import { AsyncLocalStorage } from "node:async_hooks";
import type { ProtocolEra } from "../protocol/wire-types.js";
import type { ClientChannel } from "./client-channel.js";
import type { Principal } from "./principal.js";

/** What the protocol layer knows about one incoming request, before mcpkit names the call. */
export interface IncomingCall {
  /** Aborted when the client cancels the request (or closes its stream), or the connection closes. */
  readonly signal: AbortSignal;
  readonly requestId: string | number;
  /** "legacy" for 2025 clients (initialize handshake), "modern" for 2026-07-28 requests. */
  readonly era: ProtocolEra;
  /** The 2025 Streamable HTTP session, when there is one. */
  readonly sessionId?: string;
  /**
   * A random id of the client connection (stdio, in-memory, or a 2025 HTTP session); absent for a
   * 2026-07-28 HTTP request, which belongs to no connection.
   */
  readonly connectionId?: string;
  /** Who the transport authenticated, when it did. */
  readonly principal?: Principal;
  /** Progress, logging and requests to the client, in the request's era. */
  readonly client: ClientChannel;
  /** The W3C trace context the client sent in the request's `_meta` (`traceparent`, `tracestate`, `baggage`), if any. */
  readonly traceContext?: TraceContext;
  /** For transports: hears that this call now counts in flight (a shutdown drains it from then on instead of refusing it). */
  readonly admitted?: (requestId: string | number) => void;
}

/** W3C trace context carried in a request's `_meta`. */
export interface TraceContext {
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly baggage?: string;
}

/**
 * The call being served, available anywhere below a handler without passing it by hand:
 * repositories and pools read its signal and deadline to cancel their own work.
 */
export interface CallContext extends IncomingCall {
  readonly kind: "tool" | "resource" | "prompt";
  /** The tool or prompt name, or the resource URI. */
  readonly name: string;
  /** Epoch milliseconds after which the call's work is pointless; undefined for none. */
  readonly deadline?: number;
}

const storage = new AsyncLocalStorage<CallContext>();

/** The current call, or undefined outside one (at startup, in a timer started elsewhere). */
export function currentCall(): CallContext | undefined {
  return storage.getStore();
}

/** The current call's abort signal, for APIs that take one (`fetch`, undici, mysql2 wrappers). */
export function currentSignal(): AbortSignal | undefined {
  return storage.getStore()?.signal;
}

/**
 * Makes a transport's incoming call the context of one handler's call. The object itself becomes
 * the context rather than a copy, so a signal the transport makes on first read (a getter, see
 * `LazyAbortController`) is made only for calls that read it. Each incoming call serves one call.
 */
export function callContextOf(incoming: IncomingCall, kind: CallContext["kind"], name: string): CallContext {
  const context = incoming as { -readonly [K in keyof CallContext]: CallContext[K] };
  context.kind = kind;
  context.name = name;
  return context;
}

export function runInCallContext<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}
