import { expect } from "chai";
import { LazyAbortController } from "../../lib/context/lazy-abort-controller.js";

describe("LazyAbortController (a call's cancellation, its signal made on first read)", () => {
  it("hands out an already aborted signal, with the reason, when the call was cancelled before anyone read it", () => {
    const abort = new LazyAbortController();
    abort.abort("client cancelled");
    expect(abort.aborted).to.equal(true);
    expect(abort.signal.aborted).to.equal(true);
    expect(abort.signal.reason).to.equal("client cancelled");
  });

  it("fires the abort listeners of a signal read before the cancellation, once, with the first reason", () => {
    const abort = new LazyAbortController();
    const reasons: unknown[] = [];
    abort.signal.addEventListener("abort", () => reasons.push(abort.signal.reason));
    expect(abort.aborted).to.equal(false);
    abort.abort("first");
    abort.abort("second");
    expect(reasons).to.deep.equal(["first"]);
    expect(abort.signal.reason).to.equal("first");
  });

  it("gives the usual AbortError when aborted without a reason, whether the signal was read before or after", () => {
    const early = new LazyAbortController();
    early.abort();
    const late = new LazyAbortController();
    const read = late.signal;
    late.abort();
    for (const signal of [early.signal, read]) {
      expect(signal.reason).to.be.instanceOf(DOMException);
      expect((signal.reason as DOMException).name).to.equal("AbortError");
    }
  });

  it("returns the same signal on every read", () => {
    const abort = new LazyAbortController();
    expect(abort.signal).to.equal(abort.signal);
  });
});
