import { currentCall, runInCallContext } from "../context/call-context.js";
import { ToolTimeoutError } from "../errors/tool-timeout-error.js";
import type { MethodCall } from "./method-call.js";
import { isAsyncIterable } from "../pipeline/collect-stream.js";
import { observedCall } from "../telemetry/observed-call.js";
import { EVENT, MCPKIT_ATTR } from "../telemetry/semantic-conventions.js";

/**
 * Ends a call after `limitMs` and aborts its work: the rest runs under a narrowed call context
 * (own signal, deadline = the earliest of the outer deadline and this one), so pools and fetches
 * that read `currentSignal()` stop too. The client's cancellation aborts it the same way.
 */
export function timeoutStep(inner: MethodCall, where: string, limitMs: number, toolName?: string): MethodCall {
  return (args) => {
    const call = currentCall();
    const deadline = Date.now() + limitMs;
    // An outer deadline at least as tight already governs, and its error names the right limit.
    if (call?.deadline !== undefined && call.deadline <= deadline) return inner(args);
    const parent = call?.signal;
    if (parent?.aborted) return Promise.reject(parent.reason);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onParentAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
      timer = setTimeout(() => {
        // The timer runs in the context it was set in: the event lands on the span of the limited call.
        observedCall()?.addEvent(EVENT.timeout, { [MCPKIT_ATTR.timeoutWhere]: where, [MCPKIT_ATTR.timeoutLimitMs]: limitMs });
        const tool = toolName ?? (call?.kind === "tool" ? call.name : undefined);
        controller.abort(new ToolTimeoutError(where, limitMs, tool, toolName !== undefined));
      }, limitMs);
      onParentAbort = () => controller.abort(parent!.reason);
      parent?.addEventListener("abort", onParentAbort, { once: true });
    });
    const finish = () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort!);
    };
    const narrowed = call ? { ...call, signal: controller.signal, deadline } : undefined;
    const inContext = <T>(fn: () => T): T => (narrowed ? runInCallContext(narrowed, fn) : fn());
    let value: unknown;
    try {
      value = inContext(() => inner(args));
    } catch (error) {
      finish();
      return Promise.reject(error);
    }
    // Raced below, or per chunk of a stream, but never left unhandled between chunks.
    aborted.catch(() => undefined);
    // An `async *` method streams: the limit covers the whole stream, each chunk read in the narrowed context.
    if (isAsyncIterable(value)) return limitedStream(value, aborted, inContext, finish) as never;
    return Promise.race([Promise.resolve(value), aborted]).finally(finish);
  };
}

/** Reads `stream` until it ends or the limit aborts it; then the generator is closed, so its `finally` runs. */
async function* limitedStream(stream: AsyncIterable<unknown>, aborted: Promise<never>, inContext: <T>(fn: () => T) => T, finish: () => void): AsyncGenerator<unknown, unknown> {
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await Promise.race([inContext(() => iterator.next()), aborted]);
      if (step.done) return step.value;
      yield step.value;
    }
  } finally {
    finish();
    // Not awaited: a generator still busy in next() runs return() (and its finally) only when that
    // step settles, which its aborted signal should make soon; the call's answer need not wait for it.
    void inContext(() => iterator.return?.(undefined))?.catch(() => undefined);
  }
}
