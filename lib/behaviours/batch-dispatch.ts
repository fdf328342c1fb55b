import { AsyncResource } from "node:async_hooks";

/**
 * When one scope's batches are dispatched (the `batchScheduleFn` of its dataloaders).
 *
 * Adaptive (the default): with no batch call in flight, a batch goes at the end of the current tick,
 * so a lone call waits for nothing; while one is in flight, the keys that arrive are collected and
 * go together the moment it settles. A burst thus becomes one or two batch calls however its calls
 * arrive (one I/O event or a hundred), and the batch size follows the load with no timer to tune.
 * With a fixed window, every batch waits that long, whatever is in flight.
 */
export class BatchDispatch {
  private readonly running = new Set<RunningBatch>();
  /** Dispatches of batches that closed while another was in flight. */
  private readonly queued: (() => void)[] = [];

  constructor(private readonly windowMs?: number) {}

  /** Gives dataloader the moment to dispatch a batch. */
  readonly schedule = (dispatch: () => void): void => {
    if (this.windowMs !== undefined) return void setTimeout(dispatch, this.windowMs);
    if (this.running.size === 0 && this.queued.length === 0) return afterThisTick(dispatch);
    // Queued batches go later from another batch's callback: each runs in the context that opened it.
    this.queued.push(AsyncResource.bind(dispatch));
    // A batch now waits on those in flight: each lets go as soon as all its callers have gone.
    for (const batch of this.running) batch.watch();
  };

  /** True when no batch is in flight or waiting: the scope may be forgotten. */
  get idle(): boolean {
    return this.running.size === 0 && this.queued.length === 0;
  }

  /**
   * Counts a batch call as in flight until the returned release (idempotent) is called, or until
   * `signal()` aborts while another batch waits behind it; the batches collected meanwhile go then.
   * Release when the call settles.
   */
  started(signal: () => AbortSignal | undefined): () => void {
    const batch = new RunningBatch(signal, () => this.finished(batch));
    this.running.add(batch);
    if (this.queued.length > 0) batch.watch();
    return batch.release;
  }

  private finished(batch: RunningBatch): void {
    this.running.delete(batch);
    if (this.running.size > 0 || this.queued.length === 0) return;
    // Not at once: the calls whose I/O is ready in this event-loop turn join first.
    setImmediate(() => {
      for (const dispatch of this.queued.splice(0)) dispatch();
    });
  }
}

/**
 * A batch call in flight. Its callers' signal is read, and listened to, only once another batch
 * waits behind it: a lone call's batch then never makes the signal nor adds a listener (together
 * about a third of what batching added to a lone call).
 */
class RunningBatch {
  private watching = false;
  private done = false;
  private listenedTo?: AbortSignal;

  constructor(
    private readonly signal: () => AbortSignal | undefined,
    private readonly onDone: () => void,
  ) {}

  watch(): void {
    if (this.watching || this.done) return;
    this.watching = true;
    const signal = this.signal();
    if (!signal) return;
    if (signal.aborted) return this.release();
    this.listenedTo = signal;
    signal.addEventListener("abort", this.release, { once: true });
  }

  readonly release = (): void => {
    if (this.done) return;
    this.done = true;
    this.listenedTo?.removeEventListener("abort", this.release);
    this.onDone();
  };
}

/** dataloader's own default: after the promise jobs of the current tick, so one tick's calls go together. */
function afterThisTick(dispatch: () => void): void {
  void Promise.resolve().then(() => process.nextTick(dispatch));
}
