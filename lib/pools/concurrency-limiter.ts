/** How a limiter words its refusals; each pool phrases them with its own name. */
export interface LimiterErrors {
  queueFull(limit: number, waiting: number): Error;
  timedOut(waitedMs: number): Error;
  aborted(reason: unknown): Error;
}

interface Waiter {
  grant(): void;
}

/**
 * At most `limit` holders at once, at most `maxWaiting` callers queued in FIFO order. A waiter
 * leaves the queue when its signal aborts or its wait times out, so abandoned waiters never hold
 * a place (mysql2's own queue cannot drop them).
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
    private readonly errors: LimiterErrors,
  ) {}

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves when a place is free; call `release()` exactly once afterwards. */
  acquire(signal?: AbortSignal, timeoutMs?: number): Promise<void> {
    if (signal?.aborted) return Promise.reject(this.errors.aborted(signal.reason));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxWaiting) return Promise.reject(this.errors.queueFull(this.maxWaiting, this.queue.length));
    return new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const leave = (error: Error) => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        cleanup();
        reject(error);
      };
      const onAbort = () => leave(this.errors.aborted(signal!.reason));
      const timer = timeoutMs !== undefined && Number.isFinite(timeoutMs) ? setTimeout(() => leave(this.errors.timedOut(performance.now() - started)), Math.max(0, timeoutMs)) : undefined;
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve();
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Gives the place to the longest waiter, or frees it. */
  release(): void {
    const next = this.queue.shift();
    if (next) next.grant();
    else this.active = Math.max(0, this.active - 1);
  }
}
