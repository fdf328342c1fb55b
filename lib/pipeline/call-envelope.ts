import { callContextOf, runInCallContext, type IncomingCall } from "../context/call-context.js";
import { InputNeededSignal } from "../context/input-round.js";
import { McpKitError } from "../errors/mcpkit-error.js";
import { ShuttingDownError } from "../errors/shutting-down-error.js";
import type { InFlightTracker } from "../lifecycle/in-flight-tracker.js";
import { compose, type Middleware } from "./compose.js";
import type { HandlerDescriptor, Interceptor, Invocation } from "./invocation.js";
import { isProtocolError } from "./map-tool-result.js";
import { thrownMessage } from "./thrown-message.js";

/** What every call of an application shares: the in-flight count and the interceptors. */
export interface CallEnvelopeOptions {
  application: string;
  inFlight: InFlightTracker;
  interceptors: readonly Interceptor[];
  /** Hears every unexpected failure of a method or interceptor (not mcpkit's own errors, which the client reads). */
  onCallError(error: unknown, invocation: Invocation): void;
  /** The step that refuses callers a handler does not admit (its `@RequireScopes`), run first; undefined for none. */
  authorize?(handler: HandlerDescriptor): Middleware<Invocation, unknown> | undefined;
}

/** Errors that are answers, not faults: mcpkit's own (they say what to fix), protocol errors, and a call waiting for input. */
function isExpected(error: unknown): boolean {
  return error instanceof McpKitError || error instanceof InputNeededSignal || isProtocolError(error);
}

/** One handler's composed call: the envelope's steps around the kind's own and the method. */
export type EnvelopedCall<D extends HandlerDescriptor> = (name: string, args: Record<string, unknown>, incoming: IncomingCall) => Promise<unknown>;

/**
 * The one call envelope of tools, resources and prompts, composed once per handler at startup:
 * enter the call context -> authorization (`@RequireScopes`) -> `outer` steps (a tool's result mapping) -> count in flight (refused
 * once shutdown began, so shutdown drains every kind) -> report unexpected failures -> `inner`
 * steps (argument validation) -> application interceptors -> the method.
 */
export function envelope<D extends HandlerDescriptor>(
  options: CallEnvelopeOptions,
  handler: D,
  steps: { outer?: readonly Middleware<Invocation<D>, unknown>[]; inner?: readonly Middleware<Invocation<D>, unknown>[] },
  method: (invocation: Invocation<D>) => Promise<unknown>,
): EnvelopedCall<D> {
  // One step, not two: every call passes here, and each step is a promise more.
  const trackAndReport: Middleware<Invocation<D>, unknown> = async (invocation, next) => {
    options.inFlight.enter(() => new ShuttingDownError(options.application, `calls (${handler.kind} "${invocation.context.name}" was refused)`));
    invocation.context.admitted?.(invocation.context.requestId);
    try {
      return await next();
    } catch (error) {
      if (isExpected(error)) throw error;
      options.onCallError(error, invocation);
      // A thrown string or plain object becomes an Error whose message the client can read (not "[object Object]").
      throw error instanceof Error ? error : new Error(thrownMessage(error), { cause: error });
    } finally {
      options.inFlight.leave();
    }
  };
  const authorize = options.authorize?.(handler) as Middleware<Invocation<D>, unknown> | undefined;
  const pipeline = compose<Invocation<D>, unknown>(
    [...(authorize ? [authorize] : []), ...(steps.outer ?? []), trackAndReport, ...(steps.inner ?? []), ...(options.interceptors as unknown as Middleware<Invocation<D>, unknown>[])],
    method,
  );
  return (name, args, incoming) => {
    const context = callContextOf(incoming, handler.kind, name);
    return runInCallContext(context, () => pipeline({ handler, args, context }));
  };
}
