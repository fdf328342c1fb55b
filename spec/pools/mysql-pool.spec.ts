import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { McpApplication, MySqlPool, PoolExhaustedError, PoolStartupError, QueryKilledError, Service, Timeout, Tool, inject, rowsInKeyOrder } from "../../lib/index.js";
import { runInCallContext, type CallContext } from "../../lib/context/call-context.js";
import { createTestClient } from "../../lib/testing/index.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { eventually, gate, mysqlUrlAt, observer, unusedPort } from "./support.js";

describe("MySqlPool", function () {
  before(async function () {
    await requireMariaDb(this);
  });

  it("expands IN (?) lists, matches nothing for an empty list, and lines rows up with keys", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL });
    try {
      const table = `pool_in_${randomUUID().slice(0, 8)}`;
      await pool.update(`CREATE TABLE ${table} (id INT PRIMARY KEY, name VARCHAR(20))`);
      try {
        await pool.update(`INSERT INTO ${table} (id, name) VALUES ?`, [[[1, "a"], [2, "b"], [3, "c"]]]);
        const rows = await pool.query<{ id: number; name: string }>(`SELECT id, name FROM ${table} WHERE id IN (?) ORDER BY id DESC`, [[3, 1, 9]]);
        expect(rows.map((r) => r.id)).to.deep.equal([3, 1]);
        expect(rowsInKeyOrder([1, 9, 3], rows, (r) => r.id).map((r) => r?.name)).to.deep.equal(["a", undefined, "c"]);
        expect(await pool.query(`SELECT id FROM ${table} WHERE id IN (?)`, [[]])).to.deep.equal([]);
      } finally {
        await pool.update(`DROP TABLE ${table}`);
      }
    } finally {
      await pool.close();
    }
  });

  it("kills a query on the server when its timeout passes, and says so", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL });
    const watch = await observer();
    const tag = `kill_timeout_${randomUUID().slice(0, 8)}`;
    try {
      const error = await pool.query("SELECT ? AS tag, SLEEP(30)", [tag], { timeoutMs: 100 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(QueryKilledError);
      expect((error as Error).message).to.match(/MySQL pool "mysql": query killed on the server \(KILL QUERY \d+\) because it timed out after 100 ms/);
      expect(await watch.running(tag)).to.deep.equal([]);
      expect(pool.health().aborted).to.equal(1);
      // The pool still works after a kill (the killed connection was replaced, not reused).
      expect(await pool.query<{ one: number }>("SELECT 1 AS one")).to.deep.equal([{ one: 1 }]);
    } finally {
      await watch.end();
      await pool.close();
    }
  });

  it("kills a query when the ambient call signal aborts (a narrowing step's deadline)", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL });
    const watch = await observer();
    const tag = `kill_ambient_${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const context = { kind: "tool", name: "t", signal: controller.signal, deadline: Date.now() + 60_000, requestId: 1 } as unknown as CallContext;
    try {
      const query = runInCallContext(context, () => pool.query("SELECT ? AS tag, SLEEP(30)", [tag])).catch((e: unknown) => e);
      await eventually(() => watch.running(tag), (ids) => ids.length === 1);
      controller.abort(new DOMException("deadline of 50 ms passed", "TimeoutError"));
      const error = await query;
      expect(error).to.be.instanceOf(QueryKilledError);
      expect((error as Error).message).to.include("the call's time ran out (deadline of 50 ms passed)");
      expect(await watch.running(tag)).to.deep.equal([]);
    } finally {
      await watch.end();
      await pool.close();
    }
  });

  it("kills the query of a tool call the MCP client cancels", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL });
    @Service()
    class SlowTools {
      constructor(private readonly db: MySqlPool) {}
      @Tool({ name: "slow_query" })
      async slowQuery(tag: string): Promise<unknown> {
        return this.db.query("SELECT ? AS tag, SLEEP(30)", [tag]);
      }
    }
    const { client, close } = await createTestClient({ name: "kill-on-cancel", services: [SlowTools], pools: [pool] });
    const watch = await observer();
    const tag = `kill_cancel_${randomUUID().slice(0, 8)}`;
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: "slow_query", arguments: { tag } }, { signal: controller.signal }).catch((e: unknown) => e);
      await eventually(() => watch.running(tag), (ids) => ids.length === 1);
      controller.abort();
      expect(await call).to.be.instanceOf(Error);
      await eventually(() => watch.running(tag), (ids) => ids.length === 0);
      await eventually(async () => pool.health().aborted, (n) => n === 1);
    } finally {
      await watch.end();
      await close();
    }
  });

  it("kills the query of a tool whose @Timeout runs out", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL });
    @Service()
    class TimedTools {
      constructor(private readonly db: MySqlPool) {}
      @Tool({ name: "timed_query" })
      @Timeout("100ms")
      async timedQuery(tag: string): Promise<unknown> {
        return this.db.query("SELECT ? AS tag, SLEEP(30)", [tag]);
      }
    }
    const { client, close } = await createTestClient({ name: "kill-on-timeout", services: [TimedTools], pools: [pool] });
    const watch = await observer();
    const tag = `kill_decorator_${randomUUID().slice(0, 8)}`;
    try {
      const result = await client.callTool({ name: "timed_query", arguments: { tag } });
      expect(result.isError).to.equal(true);
      expect((result.content as { text: string }[])[0]!.text).to.include("100");
      await eventually(() => watch.running(tag), (ids) => ids.length === 0);
      await eventually(async () => pool.health().aborted, (n) => n === 1);
    } finally {
      await watch.end();
      await close();
    }
  });

  it("queues callers up to queueLimit, then fails the next one at once; a long wait fails too", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL, connectionLimit: 1, queueLimit: 1, acquireTimeoutMs: 150 });
    try {
      const held = gate();
      const entered = gate();
      const holder = pool.withConnection(async () => {
        entered.open();
        await held.promise;
      });
      await entered.promise;
      const queued = pool.query<{ one: number }>("SELECT 1 AS one");
      expect(pool.health()).to.include({ waiting: 1, waitingLimit: 1 });
      const refused = await pool.query("SELECT 1").catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(PoolExhaustedError);
      expect((refused as Error).message).to.include('MySQL pool "mysql" is exhausted: all 1 connections are busy and 1 callers are already waiting (queueLimit)');
      // The queued caller waited longer than acquireTimeoutMs: it fails rather than hanging.
      const timedOut = await queued.catch((e: unknown) => e);
      expect(timedOut).to.be.instanceOf(PoolExhaustedError);
      expect((timedOut as Error).message).to.match(/waited \d+ ms for one of 1 busy connections \(acquireTimeoutMs 150\)/);
      expect(pool.health()).to.include({ waiting: 0, errors: 2 });
      // Once the connection is free, callers are served again.
      const next = pool.query<{ one: number }>("SELECT 1 AS one");
      held.open();
      await holder;
      expect(await next).to.deep.equal([{ one: 1 }]);
    } finally {
      await pool.close();
    }
  });

  it("hands a freed connection to the longest waiter", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL, connectionLimit: 1, queueLimit: 5 });
    try {
      const held = gate();
      const entered = gate();
      const holder = pool.withConnection(async () => {
        entered.open();
        await held.promise;
      });
      await entered.promise;
      const order: number[] = [];
      const waiters = [1, 2, 3].map((n) => pool.query("SELECT ? AS n", [n]).then(() => void order.push(n)));
      expect(pool.health()).to.include({ waiting: 3 });
      held.open();
      await Promise.all([holder, ...waiters]);
      expect(order).to.deep.equal([1, 2, 3]);
      expect(pool.health().connections).to.include({ open: 1, busy: 0, limit: 1 });
    } finally {
      await pool.close();
    }
  });

  it("closes every connection on the server when it closes", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL, connectionLimit: 3 });
    const watch = await observer();
    try {
      const held = gate();
      const ids = await Promise.all([1, 2, 3].map(() => pool.withConnection(async (c) => {
        const [rows] = await c.query("SELECT CONNECTION_ID() AS id");
        const id = Number((rows as { id: number }[])[0]!.id);
        await held.promise;
        return id;
      }).then((id) => id)).map((p, i) => (i === 2 ? (held.open(), p) : p)));
      expect(new Set(ids).size).to.equal(3);
      expect(await watch.threads(ids)).to.have.length(3);
      expect(pool.health().connections).to.include({ open: 3, idle: 3 });
      await pool.close();
      await eventually(() => watch.threads(ids), (alive) => alive.length === 0);
      expect(pool.health().status).to.equal("closed");
    } finally {
      await watch.end();
      await pool.close();
    }
  });

  it("fails startup with an error naming the pool and the address when the database is down", async () => {
    const port = await unusedPort();
    const retries: number[] = [];
    const app = new McpApplication({
      name: "db-down",
      services: [],
      pools: [new MySqlPool({ url: mysqlUrlAt(port), name: "orders-db" })],
      startupRetry: { attempts: 3, initialDelayMs: 5, onRetry: ({ attempt }) => void retries.push(attempt) },
    });
    const error = await app.start().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PoolStartupError);
    const message = (error as Error).message;
    expect(message).to.match(new RegExp(`^MySQL pool "orders-db" could not connect to 127\\.0\\.0\\.1:${port}/test after 3 attempts over \\d+ ms`));
    expect(message).to.include(`Fix: start the service at 127.0.0.1:${port}/test, or correct the "url" option.`);
    expect(message).to.match(/Reason: .*ECONNREFUSED/);
    expect(retries).to.deep.equal([1, 2]);
    await app.close();
  });

  it("is created once per application and shared by every service, by type and by token", async () => {
    const pool = new MySqlPool({ url: MYSQL_URL, token: "reporting-db", connectionLimit: 2 });
    @Service()
    class A {
      constructor(readonly db: MySqlPool) {}
    }
    @Service()
    class B {
      constructor(@inject("reporting-db") readonly db: MySqlPool, readonly a: A) {}
      @Tool({ name: "connection_id" })
      async connectionId(): Promise<number> {
        const [row] = await this.db.query<{ id: number }>("SELECT CONNECTION_ID() AS id, SLEEP(0.01)");
        return Number(row!.id);
      }
    }
    const { client, app, close } = await createTestClient({ name: "shared-pool", services: [B], pools: [pool] });
    try {
      const b = app.resolve(B);
      expect(b.db).to.equal(pool);
      expect(b.a.db).to.equal(pool);
      expect(app.resolve(MySqlPool)).to.equal(pool);
      const results = await Promise.all(Array.from({ length: 12 }, () => client.callTool({ name: "connection_id", arguments: {} })));
      const ids = new Set(results.map((r) => (r.content as { text: string }[])[0]!.text));
      expect(ids.size).to.be.at.most(2);
      expect(pool.health()).to.include({ operations: 13 });
    } finally {
      await close();
    }
  });
});
