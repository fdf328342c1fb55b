import { currentCall, runInCallContext } from "../context/call-context.js";
import { ToolTimeoutError } from "../errors/tool-timeout-error.js";
import type { MethodCall } from "./method-call.js";
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
    const work = call
      ? runInCallContext({ ...call, signal: controller.signal, deadline }, async () => inner(args))
      : (async () => inner(args))();
    return Promise.race([work, aborted]).finally(() => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort!);
    });
  };
}
