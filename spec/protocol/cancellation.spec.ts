import { expect } from "chai";
import { currentSignal, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

describe("cancellation", () => {
  it("aborts the method's signal when the client cancels the request", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let aborted!: (reason: unknown) => void;
    const sawAbort = new Promise<unknown>((resolve) => (aborted = resolve));

    @Service()
    class Slow {
      @Tool() async wait() {
        const signal = currentSignal()!;
        signal.addEventListener("abort", () => aborted(signal.reason));
        started();
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        return "stopped";
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Slow] });
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: "wait", arguments: {} }, { signal: controller.signal });
      await running;
      controller.abort("user pressed stop");
      expect(await call.catch((e: Error) => e)).to.be.instanceOf(Error);
      expect(String(await sawAbort)).to.contain("user pressed stop");
    } finally {
      await close();
    }
  });
});
