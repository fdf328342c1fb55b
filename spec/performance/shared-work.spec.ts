import { expect } from "chai";
import { Batched, Cached, McpApplication, Service, currentSignal, type CallContext } from "../../lib/index.js";
import { runInCallContext } from "../../lib/context/call-context.js";
import { deferred } from "./support/deferred.js";

/** A call context of its own for each simulated caller, with a signal the test aborts. */
function callerContext(name: string): { context: CallContext; controller: AbortController } {
  const controller = new AbortController();
  const context = { kind: "tool", name, signal: controller.signal, requestId: name, sessionId: name, server: {}, extra: {} } as unknown as CallContext;
  return { context, controller };
}

describe("work shared by several callers", () => {
  it("keeps a cache fill running while any caller still waits, and aborts it when the last one leaves", async () => {
    const gate = deferred();
    const signals: AbortSignal[] = [];
    @Service()
    class Reports {
      @Cached({ ttl: "1m", shared: true })
      async build(id: string) {
        signals.push(currentSignal()!);
        await gate.promise;
        return `report ${id}`;
      }
    }
    const app = new McpApplication({ name: "t", services: [Reports] });
    await app.start();
    try {
      const reports = app.resolve(Reports);
      const a = callerContext("a");
      const b = callerContext("b");
      const first = runInCallContext(a.context, () => reports.build("1"));
      const second = runInCallContext(b.context, () => reports.build("1"));
      a.controller.abort("a timed out");
      expect(signals).to.have.length(1);
      expect(signals[0]!.aborted).to.equal(false);
      gate.resolve();
      expect(await second).to.equal("report 1");
      expect(await first).to.equal("report 1");

      const c = callerContext("c");
      const d = callerContext("d");
      const third = runInCallContext(c.context, () => reports.build("2"));
      const fourth = runInCallContext(d.context, () => reports.build("2"));
      c.controller.abort("c left");
      d.controller.abort("d left");
      expect(signals[1]!.aborted).to.equal(true);
      expect(signals[1]!.reason).to.equal("d left");
      await Promise.all([third, fourth]);
    } finally {
      await app.close();
    }
  });

  it("keeps a batch query running while any of its callers still waits", async () => {
    const gate = deferred();
    const started = deferred();
    const signals: AbortSignal[] = [];
    @Service()
    class Users {
      @Batched("many")
      async one(id: string) {
        return id;
      }

      async many(ids: string[]) {
        signals.push(currentSignal()!);
        started.resolve();
        await gate.promise;
        return ids;
      }
    }
    const app = new McpApplication({ name: "t", services: [Users] });
    await app.start();
    try {
      const users = app.resolve(Users);
      const a = callerContext("a");
      const b = callerContext("b");
      const results = Promise.all([runInCallContext(a.context, () => users.one("x")), runInCallContext(b.context, () => users.one("y"))]);
      await started.promise;
      expect(signals).to.have.length(1);
      a.controller.abort("a timed out");
      expect(signals[0]!.aborted).to.equal(false);
      b.controller.abort("b timed out");
      expect(signals[0]!.aborted).to.equal(true);
      gate.resolve();
      expect(await results).to.deep.equal(["x", "y"]);
    } finally {
      await app.close();
    }
  });
});
