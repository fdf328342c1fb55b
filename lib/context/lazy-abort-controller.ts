/**
 * An AbortController whose signal is made the first time something reads it. Most calls finish
 * with nobody listening for their cancellation, and a controller with its signal (an EventTarget)
 * costs a fast call several µs of CPU and garbage: on the stdio `echo` path it was about a third
 * of the server's CPU per call.
 */
export class LazyAbortController {
  private controller?: AbortController;
  private abortedWith?: { reason: unknown };

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  /** True once `abort()` was called, without making the signal. */
  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }

  /** As `AbortController.abort`: the first call wins; an undefined reason becomes the usual AbortError. */
  abort(reason?: unknown): void {
    if (this.abortedWith) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}
