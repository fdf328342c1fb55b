import { runInCallContext, type CallContext } from "../context/call-context.js";

/**
 * Work that several callers wait on (one cache fill, one batch). It runs under its own signal that
 * aborts only when EVERY caller waiting on it has aborted: one caller timing out must not cancel
 * the query the others still wait for. Its deadline is the latest of the callers'.
 */
export class SharedWork {
  private readonly controller = new AbortController();
  private waiting = 0;
  /** A caller without a signal (outside any call) can never abort the work. */
  private unbounded = false;
  private latest: number | undefined = -Infinity;
  private readonly cleanups: (() => void)[] = [];

  /** Aborts when every caller waiting on the work has aborted. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  join(call: CallContext | undefined): void {
    if (!call) {
      this.unbounded = true;
      this.latest = undefined;
      return;
    }
    if (this.latest !== undefined) this.latest = call.deadline === undefined ? undefined : Math.max(this.latest, call.deadline);
    const signal = call.signal;
    if (signal.aborted) return;
    this.waiting++;
    const onAbort = () => {
      if (--this.waiting === 0 && !this.unbounded) this.controller.abort(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    this.cleanups.push(() => signal.removeEventListener("abort", onAbort));
  }

  /** Runs `fn` as `first`'s call but under the shared signal and deadline. */
  run<T>(first: CallContext | undefined, fn: () => Promise<T>): Promise<T> {
    if (!first) return (async () => fn())().finally(() => this.release());
    if (this.waiting === 0 && !this.unbounded) this.controller.abort(first.signal.reason);
    const work = this;
    const context: CallContext = {
      ...first,
      signal: this.controller.signal,
      get deadline() {
        return work.latest === -Infinity ? undefined : work.latest;
      },
    };
    return runInCallContext(context, async () => fn()).finally(() => this.release());
  }

  private release(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
