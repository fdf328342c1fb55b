import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { McpApplication, MySqlPool, Service, Tool, currentSignal, type OnShutdown, type OnStartup } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { eventually, gate, observer } from "../pools/support.js";

describe("Application lifecycle", function () {
  before(async function () {
    await requireMariaDb(this);
  });

  it("starts pools, then services dependencies first; shuts down in reverse with pools last", async () => {
    const events: string[] = [];
    const pool = new MySqlPool({ url: MYSQL_URL });
    @Service()
    class Repository implements OnStartup, OnShutdown {
      constructor(private readonly db: MySqlPool) {}
      async onStartup() {
        events.push(`repository up (pool ${this.db.health().status})`);
      }
      async onShutdown() {
        const [row] = await this.db.query<{ one: number }>("SELECT 1 AS one");
        events.push(`repository down (pool query ${row!.one})`);
      }
    }
    @Service()
    class Tools implements OnStartup, OnShutdown {
      constructor(readonly repository: Repository) {}
      onStartup() {
        events.push("tools up");
      }
      onShutdown() {
        events.push("tools down");
      }
      @Tool() async ping(): Promise<string> {
        return "pong";
      }
    }
    const app = new McpApplication({ name: "order", services: [Tools], pools: [pool] });
    await app.start();
    expect(events).to.deep.equal(["repository up (pool up)", "tools up"]);
    await app.close();
    expect(events.slice(2)).to.deep.equal(["tools down", "repository down (pool query 1)"]);
    expect(pool.health().status).to.equal("closed");
  });

  it("lets an in-flight call finish during graceful shutdown, refuses new calls, then closes the pool's connections", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL });
    const entered = gate();
    const release = gate();
    @Service()
    class Slow {
      constructor(private readonly db: MySqlPool) {}
      @Tool({ name: "slow_count" })
      async slowCount(): Promise<string> {
        const [row] = await this.db.query<{ id: number }>("SELECT CONNECTION_ID() AS id");
        entered.open();
        await release.promise;
        const [after] = await this.db.query<{ n: number }>("SELECT 41 + 1 AS n");
        return `${row!.id}:${after!.n}`;
      }
    }
    const { client, app } = await createTestClient({ name: "drain", services: [Slow], pools: [pool] });
    const watch = await observer();
    try {
      const inFlight = client.callTool({ name: "slow_count", arguments: {} });
      await entered.promise;
      const closing = app.close();
      expect(app.health()).to.include({ state: "closing", inFlight: 1, status: "down" });
      const refused = await client.callTool({ name: "slow_count", arguments: {} });
      expect(refused.isError).to.equal(true);
      expect((refused.content as { text: string }[])[0]!.text).to.include('Server "drain" is shutting down and no longer accepts calls');
      release.open();
      const result = await inFlight;
      expect(result.isError).to.not.equal(true);
      const [threadId, answer] = (result.content as { text: string }[])[0]!.text.split(":");
      expect(answer).to.equal("42");
      await closing;
      await eventually(() => watch.threads([Number(threadId)]), (alive) => alive.length === 0);
      expect(app.close()).to.equal(closing);
    } finally {
      await watch.end();
      await client.close();
    }
  });

  it("aborts calls still running when the drain bound passes, then closes", async () => {
    const entered = gate();
    let sawAbort = false;
    @Service()
    class Stuck {
      @Tool({ name: "stuck" })
      async stuck(): Promise<string> {
        const signal = currentSignal()!;
        entered.open();
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        sawAbort = true;
        return "aborted";
      }
    }
    const { client, app } = await createTestClient({ name: "drain-bound", services: [Stuck], drainTimeoutMs: 30 });
    const stuck = client.callTool({ name: "stuck", arguments: {} }).catch((e: unknown) => e);
    await entered.promise;
    await app.close();
    expect(sawAbort).to.equal(true);
    expect(await stuck).to.be.instanceOf(Error);
    await client.close();
  });

  it("reports health from code and as the health://server resource", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL, name: `health-${randomUUID().slice(0, 6)}` });
    const { HealthResource } = await import("../../lib/index.js");
    @Service()
    class Nothing {
      @Tool() async noop(): Promise<string> {
        return "ok";
      }
    }
    const { client, app, close } = await createTestClient({ name: "health", services: [Nothing, HealthResource], pools: [pool] });
    try {
      await pool.query("SELECT 1");
      const fromCode = app.health();
      expect(fromCode).to.include({ application: "health", status: "up", state: "started", inFlight: 0 });
      expect(fromCode.pools[0]).to.include({ name: pool.name, kind: "mysql", status: "up", waiting: 0, errors: 0 });
      const read = await client.readResource({ uri: "health://server" });
      const report = JSON.parse((read.contents[0] as { text: string }).text);
      expect(report.pools[0].connections).to.deep.include({ limit: 10 });
      expect(report.pools[0].address).to.equal(new URL(MYSQL_URL).host + new URL(MYSQL_URL).pathname);
    } finally {
      await close();
    }
  });
});
