import { AsyncLocalStorage } from "node:async_hooks";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * The call being served, available anywhere below a handler without passing it by hand:
 * repositories and pools read its signal and deadline to cancel their own work.
 */
export interface CallContext {
  /** "tool", "resource" or "prompt". */
  readonly kind: "tool" | "resource" | "prompt";
  /** The tool or prompt name, or the resource URI. */
  readonly name: string;
  /** Aborted when the client cancels the request or the call's deadline passes. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds after which the call's work is pointless; undefined for none. */
  readonly deadline?: number;
  readonly sessionId?: string;
  readonly requestId: string | number;
  /** The SDK server answering this call (for sampling, elicitation, logging). */
  readonly server: Server;
  /** The SDK's own per-request data (auth info, related-request notifications). */
  readonly extra: RequestExtra;
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

/** Runs `fn` with `context` as the current call. */
export function runInCallContext<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}
