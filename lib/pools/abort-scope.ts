/** A signal that aborts when any source aborts or a timeout passes, and says which happened. */
export interface AbortScope {
  readonly signal: AbortSignal;
  /** Why it aborted, in words for an error message ("the call was cancelled", "it timed out after 2000 ms"). */
  reason(): string;
  /** Removes listeners and the timer; call when the operation settles. */
  dispose(): void;
}

/**
 * Joins the ambient call signal, an explicit one and a timeout. Written by hand rather than with
 * AbortSignal.any so listeners on long-lived signals are always removed when the operation ends.
 * `timeoutReason` words the timeout in `reason()` (default "it timed out after N ms"), e.g. to name
 * the pool option that set it.
 */
export function abortScope(signals: ReadonlyArray<AbortSignal | undefined>, timeoutMs?: number, timeoutReason?: string): AbortScope {
  const controller = new AbortController();
  let why = "";
  const sources = signals.filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (event: Event) => {
    if (controller.signal.aborted) return;
    const reason = (event.target as AbortSignal).reason;
    why = describeAbortReason(reason);
    controller.abort(reason);
  };
  let timer: NodeJS.Timeout | undefined;
  for (const source of sources) {
    if (source.aborted) {
      why = describeAbortReason(source.reason);
      controller.abort(source.reason);
      break;
    }
    source.addEventListener("abort", onAbort, { once: true });
  }
  if (!controller.signal.aborted && timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
    timer = setTimeout(() => {
      why = timeoutReason ?? `it timed out after ${timeoutMs} ms`;
      controller.abort(new DOMException(why, "TimeoutError"));
    }, Math.max(0, timeoutMs));
  }
  return {
    signal: controller.signal,
    reason: () => why || "it was aborted",
    dispose() {
      if (timer) clearTimeout(timer);
      for (const source of sources) source.removeEventListener("abort", onAbort);
    },
  };
}

/** Words for an abort reason: a timeout, a client cancellation, or the reason's own message. */
export function describeAbortReason(reason: unknown): string {
  if (reason instanceof Error || reason instanceof DOMException) {
    if (reason.name === "TimeoutError" || reason.name.endsWith("TimeoutError")) return reason.message ? `the call's time ran out (${reason.message})` : "the call's time ran out";
    // The SDK aborts with a bare AbortError when the client cancels or the connection closes.
    if (reason.name === "AbortError" && (!reason.message.trim() || reason.message === "This operation was aborted")) return "the call was cancelled";
    return reason.message ? `the call was aborted (${reason.message})` : "the call was aborted";
  }
  if (typeof reason === "string" && reason) return `the call was aborted (${reason})`;
  return "the call was cancelled";
}
