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
  private inFlight = 0;
  /** Dispatches of batches that closed while another was in flight. */
  private readonly queued: (() => void)[] = [];

  constructor(private readonly windowMs?: number) {}

  /** Gives dataloader the moment to dispatch a batch. */
  readonly schedule = (dispatch: () => void): void => {
    if (this.windowMs !== undefined) setTimeout(dispatch, this.windowMs);
    // Queued batches go later from another batch's callback: each runs in the context that opened it.
    else if (this.inFlight > 0 || this.queued.length > 0) this.queued.push(AsyncResource.bind(dispatch));
    else afterThisTick(dispatch);
  };

  /** True when no batch is in flight or waiting: the scope may be forgotten. */
  get idle(): boolean {
    return this.inFlight === 0 && this.queued.length === 0;
  }

  /**
   * Counts a batch call as in flight until `release` (idempotent) is called; the batches
   * collected meanwhile go then. Release when the call settles or when no one waits for it.
   */
  started(): () => void {
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.inFlight > 0 || this.queued.length === 0) return;
      // Not at once: the calls whose I/O is ready in this event-loop turn join first.
      setImmediate(() => {
        for (const dispatch of this.queued.splice(0)) dispatch();
      });
    };
  }
}

/** dataloader's own default: after the promise jobs of the current tick, so one tick's calls go together. */
function afterThisTick(dispatch: () => void): void {
  void Promise.resolve().then(() => process.nextTick(dispatch));
}
