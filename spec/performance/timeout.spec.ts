import { expect } from "chai";
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import mysql from "mysql2/promise";
import { fetch } from "undici";
import { Cached, DecoratorUsageError, McpApplication, McpKitError, Service, Timeout, Tool, currentCall, currentSignal } from "../../lib/index.js";
import { INSTALLED_STEPS } from "../../lib/behaviours/install-behaviours.js";
import { MySqlPool } from "../../lib/pools/mysql-pool.js";
import { createTestClient } from "../../lib/testing/index.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { deferred, textOf } from "./support/deferred.js";

/** Resolves with the abort reason when the current call's signal aborts. */
function whenAborted(): Promise<unknown> {
  const signal = currentSignal()!;
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));
}

describe("@Timeout", () => {
  it("ends the call with an error result naming the tool and the limit, and aborts the method's signal", async () => {
    const aborted = deferred<unknown>();
    @Service()
    class Slow {
      @Tool({ name: "slow_report" })
      @Timeout(50)
      async report() {
        aborted.resolve(await whenAborted());
        return "never seen";
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Slow] });
    try {
      const result = await client.callTool({ name: "slow_report", arguments: {} });
      expect(result.isError).to.equal(true);
      expect(textOf(result)).to.contain('Tool "slow_report" (Slow.report) timed out after 50 ms');
      expect(await aborted.promise).to.have.property("name", "ToolTimeoutError");
    } finally {
      await close();
    }
  });

  it("applies the application's defaultTimeout to tools without their own, and a tool's own limit wins", async () => {
    const seen: Record<string, number> = {};
    @Service()
    class Limits {
      @Tool()
      async plain() {
        await whenAborted();
      }

      @Tool()
      @Timeout("10s")
      async own() {
        seen.own = currentCall()!.deadline! - Date.now();
        return "done";
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Limits], defaultTimeout: "40ms" });
    try {
      const plain = await client.callTool({ name: "plain", arguments: {} });
      expect(textOf(plain)).to.contain('Tool "plain" (Limits.plain) timed out after 40 ms');
      expect(textOf(await client.callTool({ name: "own", arguments: {} }))).to.equal("done");
      expect(seen.own).to.be.greaterThan(5_000);
    } finally {
      await close();
    }
  });

  it("keeps the earliest deadline when limits nest, and names the inner method and its tool when the inner limit ends it", async () => {
    const deadlines: number[] = [];
    @Service()
    class Store {
      @Timeout("5s")
      async generous() {
        deadlines.push(currentCall()!.deadline! - Date.now());
      }

      @Timeout(30)
      async strict() {
        await whenAborted();
      }
    }
    @Service()
    class Api {
      constructor(private readonly store: Store) {}
      @Tool()
      @Timeout(1000)
      async outer() {
        deadlines.push(currentCall()!.deadline! - Date.now());
        await this.store.generous();
        await this.store.strict();
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Api] });
    try {
      const result = await client.callTool({ name: "outer", arguments: {} });
      expect(textOf(result)).to.contain('Store.strict, called by tool "outer", timed out after 30 ms');
      expect(deadlines[0]).to.be.at.most(1000);
      expect(deadlines[1]).to.be.at.most(deadlines[0]!); // the repository's 5 s did not extend the tool's 1 s
    } finally {
      await close();
    }
  });

  it("aborts the method's signal when the client cancels the request", async () => {
    const started = deferred();
    const aborted = deferred<unknown>();
    @Service()
    class Long {
      @Tool()
      @Timeout("1m")
      async crunch() {
        const reason = whenAborted();
        started.resolve();
        aborted.resolve(await reason);
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Long] });
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: "crunch", arguments: {} }, { signal: controller.signal });
      await started.promise;
      controller.abort("user pressed stop");
      await call.then(() => expect.fail("the call was cancelled"), () => undefined);
      expect(String(await aborted.promise)).to.contain("user pressed stop");
    } finally {
      await close();
    }
  });

  it("has one order whatever order the decorators are written in: timeout, then cache", async () => {
    @Service()
    class A {
      @Timeout(100)
      @Cached("1m")
      async m() {}
    }
    @Service()
    class B {
      @Cached("1m")
      @Timeout(100)
      async m() {}
    }
    const app = new McpApplication({ name: "t", services: [A, B] });
    const steps = (instance: object) => ((instance as { m: Record<symbol, unknown> }).m)[INSTALLED_STEPS];
    expect(steps(app.resolve(A))).to.deep.equal(["timeout", "cached"]);
    expect(steps(app.resolve(B))).to.deep.equal(["timeout", "cached"]);
    await app.close();
  });

  it("rejects a limit that is not a duration above zero, on the decorator and on the application", () => {
    expect(() => {
      class A {
        @Timeout(0)
        async m() {}
      }
      return A;
    }).to.throw(DecoratorUsageError, '@Timeout on A.m: the limit 0 is not a duration above zero');
    expect(() => new McpApplication({ name: "bad", services: [], defaultTimeout: "soon" })).to.throw(McpKitError, 'defaultTimeout "soon" is not a duration');
  });

  it("aborts an HTTP request made with the call's signal: the server sees the request closed", async () => {
    const requestClosed = deferred();
    const server = createServer((request: IncomingMessage) => {
      request.socket.once("close", () => requestClosed.resolve()); // never answers
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    @Service()
    class Remote {
      @Tool()
      @Timeout(80)
      async fetchSlow() {
        return (await fetch(url, { signal: currentSignal() })).text();
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Remote] });
    try {
      const result = await client.callTool({ name: "fetchSlow", arguments: {} });
      expect(textOf(result)).to.contain("timed out after 80 ms");
      await requestClosed.promise;
    } finally {
      await close();
      server.closeAllConnections();
      server.close();
    }
  });

  describe("with MariaDB", () => {
    before(async function () {
      await requireMariaDb(this);
    });

    it("kills a timed-out SQL query on the server", async () => {
      const pool = new MySqlPool({ url: MYSQL_URL, name: "timeout-spec", connectionLimit: 2 });
      await pool.start();
      const marker = `mcpkit_timeout_${process.pid}_${Date.now()}`;
      let queryOutcome: Promise<unknown> | undefined;
      @Service()
      class Reports {
        @Tool()
        @Timeout(150)
        async heavy() {
          const query = pool.query(`SELECT SLEEP(30) AS ${marker}`);
          queryOutcome = query.then(() => "finished", (error: unknown) => error);
          return query;
        }
      }
      const monitor = await mysql.createConnection({ uri: MYSQL_URL });
      const { client, close } = await createTestClient({ name: "t", services: [Reports] });
      try {
        const result = await client.callTool({ name: "heavy", arguments: {} });
        expect(textOf(result)).to.contain("timed out after 150 ms");
        // The query's promise settles once the server has stopped it (SLEEP(30) would outlast the spec).
        expect(await queryOutcome).to.have.property("name", "QueryKilledError");
        const [rows] = await monitor.query("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND INFO NOT LIKE '%PROCESSLIST%'", [`%${marker}%`]);
        expect(rows).to.deep.equal([]);
      } finally {
        await close();
        await monitor.end();
        await pool.close();
      }
    });
  });
});
