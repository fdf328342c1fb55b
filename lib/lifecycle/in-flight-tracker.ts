/**
 * Counts calls in progress so shutdown can stop accepting new ones and wait for the rest.
 * Waiting is event-driven: the last call to finish resolves the waiters.
 */
export class InFlightTracker {
  private running = 0;
  private accepting = true;
  private readonly idle = new Set<() => void>();

  get size(): number {
    return this.running;
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Runs `work` as one in-flight call; after `stopAccepting()` rejects with `refuse()` instead. */
  async run<T>(work: () => Promise<T>, refuse: () => Error): Promise<T> {
    this.enter(refuse);
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  /** Counts one call in flight (throws `refuse()` once shutdown began); pair with `leave()`. */
  enter(refuse: () => Error): void {
    if (!this.accepting) throw refuse();
    this.running++;
  }

  leave(): void {
    this.running--;
    if (this.running === 0) for (const resolve of [...this.idle]) resolve();
  }

  stopAccepting(): void {
    this.accepting = false;
  }

  /** Resolves true once nothing is in flight, or false if `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.idle.delete(onIdle);
        resolve(value);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idle.add(onIdle);
    });
  }
}
