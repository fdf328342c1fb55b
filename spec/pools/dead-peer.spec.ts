import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import mysql from "mysql2/promise";
import { HttpPool, McpApplication, MySqlPool, PoolConfigurationError, PoolOperationAbortedError, PoolStartupError, PoolUnavailableError, QueryKilledError, RedisConnection, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { MYSQL_URL, REDIS_URL, requireMariaDb, requireRedis } from "../support/services.js";
import { BlackholeProxy } from "./blackhole-proxy.js";
import { eventually, mysqlUrlAt, observer } from "./support.js";

type Result = Record<string, unknown>;
const textOf = (result: Result) => (result.content as { text: string }[])[0]!.text;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Slack over a limit for "failed within the limit": far below any wait that is not bounded. (No lower
 * bound: Node starts a timer from the event loop's cached time, so it can end a little early by the
 * clock; the error messages show which limit ended each wait.)
 */
const SLACK_MS = 1_000;

/** Milliseconds `work` took to settle, and how it settled. */
async function timed<T>(work: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await work;
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** A small JSON API on a loopback port. */
async function jsonApi(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ path: req.url }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port };
}

describe("Pools whose peer stops answering (connections kept open, nothing comes back)", function () {
  describe("defaults", () => {
    it("bound every wait by default, show the limits in health(), and let every limit be changed", async () => {
      const db = new MySqlPool({ url: "mysql://root@127.0.0.1:3306/test" });
      const http = new HttpPool();
      const redis = new RedisConnection({ url: "redis://127.0.0.1:6379" });
      try {
        expect(db.health().details).to.deep.equal({ limits: { connectTimeoutMs: 5_000, acquireTimeoutMs: 10_000, queryTimeoutMs: 10_000, killTimeoutMs: 5_000 } });
        expect(http.health().details).to.deep.include({ limits: { timeoutMs: 10_000 } });
        expect(redis.health().details).to.deep.include({ limits: { connectTimeoutMs: 5_000, commandTimeoutMs: 2_000 } });
        // ioredis's own options do the work: a reply timeout per command, and a dead socket is replaced.
        expect(redis.client.options).to.include({ commandTimeout: 2_000, socketTimeout: 2_000 });
      } finally {
        await Promise.all([db.close(), http.close(), redis.close()]);
      }
      const unlimited = new MySqlPool({ url: "mysql://root@127.0.0.1:3306/test", queryTimeoutMs: Infinity, killTimeoutMs: 500 });
      const patient = new RedisConnection({ url: "redis://127.0.0.1:6379", commandTimeoutMs: Infinity });
      const blocking = new RedisConnection({ url: "redis://127.0.0.1:6379", redis: { commandTimeout: 30_000 } });
      try {
        expect(unlimited.health().details).to.deep.include({ limits: { connectTimeoutMs: 5_000, acquireTimeoutMs: 10_000, queryTimeoutMs: Infinity, killTimeoutMs: 500 } });
        expect(patient.client.options.commandTimeout).to.equal(undefined);
        expect(patient.client.options.socketTimeout).to.equal(undefined);
        expect(blocking.health().details).to.deep.include({ limits: { connectTimeoutMs: 5_000, commandTimeoutMs: 30_000 } });
      } finally {
        await Promise.all([unlimited.close(), patient.close(), blocking.close()]);
      }
      expect(() => new MySqlPool({ url: "mysql://root@127.0.0.1:3306/test", name: "db", queryTimeoutMs: 0 })).to.throw(PoolConfigurationError, 'MySQL pool "db": queryTimeoutMs must be above zero (got 0). Fix: pass milliseconds, or Infinity for no limit.');
      expect(() => new RedisConnection({ url: "redis://127.0.0.1:6379", commandTimeoutMs: -1 })).to.throw(PoolConfigurationError, "commandTimeoutMs must be above zero");
    });
  });

  describe("HttpPool", () => {
    it("fails a request the upstream stops answering at the pool's timeoutMs, naming it, and succeeds once it answers again", async () => {
      const api = await jsonApi();
      const proxy = new BlackholeProxy({ host: "127.0.0.1", port: api.port });
      const port = await proxy.start();
      const http = new HttpPool({ name: "carrier", baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      try {
        expect(await http.getJson("/parcels/1")).to.deep.equal({ path: "/parcels/1" });
        proxy.blackhole();
        const held = proxy.nextHeld();
        const outcome = await timed(http.getJson("/parcels/2"));
        await held;
        expect(outcome.error).to.be.instanceOf(PoolOperationAbortedError);
        expect((outcome.error as Error).message).to.equal(
          `HTTP pool "carrier": GET http://127.0.0.1:${port}/parcels/2 was aborted because it took longer than 200 ms, the pool's timeoutMs ` +
            `(change it with the timeoutMs option of HTTP pool "carrier", or pass { timeoutMs } for one request).`,
        );
        expect(outcome.ms).to.be.below(200 + SLACK_MS);
        proxy.forward();
        expect(await http.getJson("/parcels/3")).to.deep.equal({ path: "/parcels/3" });
      } finally {
        await http.close();
        await proxy.close();
        api.server.closeAllConnections();
        api.server.close();
      }
    });
  });

  describe("MySqlPool", function () {
    const target = new URL(MYSQL_URL);
    let proxy: BlackholeProxy;
    let port: number;
    before(async function () {
      await requireMariaDb(this);
    });
    beforeEach(async () => {
      proxy = new BlackholeProxy({ host: target.hostname, port: Number(target.port || 3306) });
      port = await proxy.start();
    });
    afterEach(async () => {
      await proxy?.close();
    });

    /** Ends a spec's leftover SLEEPs on the server, from a direct connection. */
    async function killRunning(tag: string): Promise<void> {
      const admin = await mysql.createConnection(MYSQL_URL);
      try {
        const [rows] = await admin.query("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()", [`%${tag}%`]);
        for (const { ID } of rows as { ID: number }[]) await admin.query("KILL QUERY ?", [ID]).catch(() => undefined);
      } finally {
        await admin.end();
      }
    }

    it("fails a query on a connection whose server stopped answering within queryTimeoutMs + killTimeoutMs, and recovers when it answers again", async () => {
      const pool = new MySqlPool({ url: mysqlUrlAt(port), name: "users-db", connectionLimit: 2, queryTimeoutMs: 300, killTimeoutMs: 200 });
      try {
        await pool.start();
        const [{ id }] = (await pool.query<{ id: number }>("SELECT CONNECTION_ID() AS id")) as [{ id: number }];
        proxy.blackhole();
        const held = proxy.nextHeld();
        const outcome = await timed(pool.query("SELECT 1 AS one"));
        await held;
        expect(outcome.error).to.be.instanceOf(PoolUnavailableError);
        expect((outcome.error as Error).message).to.equal(
          `MySQL pool "users-db" cannot reach 127.0.0.1:${port}/test. The call failed; calls succeed again once the service is back.\n` +
            `  Reason: the query had to stop because it ran longer than 300 ms, the pool's queryTimeoutMs (change it with the queryTimeoutMs option of MySQL pool "users-db", or pass { timeoutMs } for one call), ` +
            `and the server did not stop it within killTimeoutMs (200 ms): KILL QUERY ${id} could not be sent (connect ETIMEDOUT). ` +
            `The server has stopped answering, so the connection was dropped instead of waited for (change the limit with the killTimeoutMs option of MySQL pool "users-db"). SQL: SELECT 1 AS one`,
        );
        expect(outcome.ms).to.be.below(300 + 200 + SLACK_MS);
        // The place and the connection were given back: nothing waits on the dead socket.
        expect(pool.health()).to.deep.include({ status: "down", waiting: 0 });
        expect(pool.health().connections).to.include({ open: 0, busy: 0 });
        proxy.forward();
        expect(await pool.query<{ one: number }>("SELECT 1 AS one")).to.deep.equal([{ one: 1 }]);
        expect(pool.health()).to.include({ status: "up" });
      } finally {
        await pool.close();
      }
    });

    it("gives up on a query already running when its call is cancelled and the server no longer answers the kill", async () => {
      const pool = new MySqlPool({ url: mysqlUrlAt(port), name: "users-db", killTimeoutMs: 200 });
      const watch = await observer();
      const tag = `dead_peer_cancel_${randomUUID().slice(0, 8)}`;
      try {
        const controller = new AbortController();
        const query = pool.query("SELECT ? AS tag, SLEEP(30)", [tag], { signal: controller.signal });
        const [thread] = await eventually(() => watch.running(tag), (ids) => ids.length === 1);
        // The server is running it, then stops answering: the reply, and the kill, never arrive.
        proxy.blackhole();
        const outcome = await timed((controller.abort(), query));
        expect(outcome.error).to.be.instanceOf(PoolUnavailableError);
        expect((outcome.error as Error).message).to.include(
          `Reason: the query had to stop because the call was cancelled, and the server did not stop it within killTimeoutMs (200 ms): KILL QUERY ${thread} could not be sent (connect ETIMEDOUT).`,
        );
        expect(outcome.ms).to.be.below(200 + SLACK_MS);
        expect(pool.health().connections).to.include({ busy: 0 });
      } finally {
        await killRunning(tag);
        await watch.end();
        await pool.close();
      }
    });

    it("gives up on a withConnection callback the same way", async () => {
      const pool = new MySqlPool({ url: mysqlUrlAt(port), name: "orders-db", queryTimeoutMs: 300, killTimeoutMs: 200 });
      try {
        await pool.start();
        proxy.blackhole();
        const outcome = await timed(pool.withConnection(async (connection) => (await connection.query("SELECT 1"))[0]));
        expect(outcome.error).to.be.instanceOf(PoolUnavailableError);
        expect((outcome.error as Error).message).to.match(
          /Reason: a withConnection callback \(connection \d+\) had to stop because it ran longer than 300 ms, the pool's queryTimeoutMs .*, and the server did not stop it within killTimeoutMs \(200 ms\): KILL CONNECTION \d+ could not be sent \(connect ETIMEDOUT\)\./,
        );
        expect(outcome.ms).to.be.below(300 + 200 + SLACK_MS);
        expect(pool.health().connections).to.include({ busy: 0 });
        proxy.forward();
        expect(await pool.query<{ one: number }>("SELECT 1 AS one")).to.deep.equal([{ one: 1 }]);
      } finally {
        await pool.close();
      }
    });

    it("does not start against a server that accepts connections but never answers, within connectTimeoutMs per attempt", async () => {
      proxy.blackhole();
      const app = new McpApplication({
        name: "frozen-db",
        services: [],
        pools: [new MySqlPool({ url: mysqlUrlAt(port), name: "shop-db", connectTimeoutMs: 150 })],
        startupRetry: { attempts: 2, initialDelayMs: 1 },
      });
      const outcome = await timed(app.start());
      expect(outcome.error).to.be.instanceOf(PoolStartupError);
      expect((outcome.error as Error).message).to.match(new RegExp(`^MySQL pool "shop-db" could not connect to 127\\.0\\.0\\.1:${port}/test after 2 attempts`));
      expect((outcome.error as Error).message).to.match(/Reason: .*ETIMEDOUT/);
      expect(outcome.ms).to.be.below(2 * 150 + SLACK_MS);
      await app.close();
    });
  });

  describe("MySqlPool on a server that answers", function () {
    before(async function () {
      await requireMariaDb(this);
    });

    it("kills a query at the pool's queryTimeoutMs, naming the option; a query's own timeoutMs replaces it", async () => {
      const pool = new MySqlPool({ url: MYSQL_URL, name: "reports-db", queryTimeoutMs: 300 });
      const watch = await observer();
      const tag = `query_timeout_${randomUUID().slice(0, 8)}`;
      try {
        const error = await pool.query("SELECT ? AS tag, SLEEP(30)", [tag]).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(QueryKilledError);
        expect((error as Error).message).to.match(
          new RegExp(
            `^MySQL pool "reports-db": query killed on the server \\(KILL QUERY \\d+\\) because ` +
              escape(`it ran longer than 300 ms, the pool's queryTimeoutMs (change it with the queryTimeoutMs option of MySQL pool "reports-db", or pass { timeoutMs } for one call). SQL: SELECT ? AS tag, SLEEP(30)`) +
              "$",
          ),
        );
        expect(await watch.running(tag)).to.deep.equal([]);
        // One report may take longer than the pool allows by default.
        expect(await pool.query<{ slept: number }>("SELECT SLEEP(0.5) AS slept", [], { timeoutMs: 10_000 })).to.deep.equal([{ slept: 0 }]);
      } finally {
        await watch.end();
        await pool.close();
      }
    });

    it("kills the connection of a withConnection callback past queryTimeoutMs, which rolls back its transaction", async () => {
      const pool = new MySqlPool({ url: MYSQL_URL, name: "orders-db", queryTimeoutMs: 300 });
      const table = `dead_peer_tx_${randomUUID().slice(0, 8)}`;
      try {
        await pool.update(`CREATE TABLE ${table} (id INT PRIMARY KEY) ENGINE=InnoDB`);
        let thread = 0;
        const error = await pool
          .withConnection(async (connection) => {
            thread = connection.threadId;
            await connection.beginTransaction();
            await connection.query(`INSERT INTO ${table} (id) VALUES (1)`);
            await connection.query("SELECT SLEEP(30)");
            await connection.commit();
          })
          .catch((e: unknown) => e);
        expect(error).to.be.instanceOf(PoolOperationAbortedError);
        expect((error as Error).message).to.equal(
          `MySQL pool "orders-db": a withConnection callback (connection ${thread}) was aborted because it ran longer than 300 ms, the pool's queryTimeoutMs ` +
            `(change it with the queryTimeoutMs option of MySQL pool "orders-db", or pass { timeoutMs } for one call); ` +
            `its connection was killed on the server (KILL CONNECTION ${thread}), which rolls back an open transaction.`,
        );
        expect(await pool.query(`SELECT id FROM ${table}`)).to.deep.equal([]);
        expect(pool.health()).to.include({ aborted: 1, status: "up" });
      } finally {
        await pool.update(`DROP TABLE IF EXISTS ${table}`);
        await pool.close();
      }
    });
  });

  describe("a server with defaultTimeout whose database stops answering", function () {
    const target = new URL(MYSQL_URL);
    before(async function () {
      await requireMariaDb(this);
    });

    it("answers the call with an error result at defaultTimeout, keeps serving other calls, and serves the database again once it answers", async () => {
      const proxy = new BlackholeProxy({ host: target.hostname, port: Number(target.port || 3306) });
      const port = await proxy.start();
      // One connection, so the next database call can only run once the dead one's place is given back.
      const pool = new MySqlPool({ url: mysqlUrlAt(port), name: "shop-db", connectionLimit: 1, killTimeoutMs: 150 });
      @Service()
      class ShopTools {
        constructor(private readonly db: MySqlPool) {}
        /** A customer, from the database. */
        @Tool({ name: "get_user" })
        async getUser(id: number): Promise<{ id: number }> {
          const [row] = await this.db.query<{ id: number }>("SELECT ? AS id", [id]);
          return { id: Number(row!.id) };
        }
        /** Needs no database. */
        @Tool({ name: "server_time" })
        async serverTime(): Promise<string> {
          return "ok";
        }
      }
      const { client, close } = await createTestClient({ name: "shop", services: [ShopTools], pools: [pool], defaultTimeout: "600ms" });
      try {
        expect(JSON.parse(textOf(await client.callTool({ name: "get_user", arguments: { id: 1 } })))).to.deep.equal({ id: 1 });
        proxy.blackhole();
        const held = proxy.nextHeld();
        const call = timed(client.callTool({ name: "get_user", arguments: { id: 2 } }));
        await held;
        // The query waits on a socket nothing comes back on; the server goes on serving.
        expect(textOf(await client.callTool({ name: "server_time", arguments: {} }))).to.equal("ok");
        const outcome = await call;
        const result = outcome.value as Result;
        expect(result.isError).to.equal(true);
        expect(textOf(result)).to.match(/^Tool "get_user" \(ShopTools\.getUser\) timed out after 600 ms and was cancelled\. Fix: .*defaultTimeout/);
        expect(outcome.ms).to.be.below(600 + SLACK_MS);
        // The next call waits for the only connection's place, which comes back once the kill has
        // gone unanswered for killTimeoutMs; then it opens a new connection (the pool's first, the
        // kill's second, this one third) and is served once the database answers again.
        const next = client.callTool({ name: "get_user", arguments: { id: 3 } });
        await proxy.whenAccepted(3);
        expect(pool.health()).to.deep.include({ status: "down", errors: 1 });
        proxy.forward();
        expect(JSON.parse(textOf(await next))).to.deep.equal({ id: 3 });
        expect(pool.health()).to.include({ status: "up" });
      } finally {
        await close();
        await proxy.close();
      }
    });
  });

  describe("RedisConnection", function () {
    const target = new URL(REDIS_URL);
    before(async function () {
      await requireRedis(this);
    });

    it("fails a command Redis stopped answering at commandTimeoutMs, and reconnects when Redis answers again", async () => {
      const proxy = new BlackholeProxy({ host: target.hostname, port: Number(target.port || 6379) });
      const port = await proxy.start();
      const redis = new RedisConnection({ url: `redis://127.0.0.1:${port}`, name: "sessions", commandTimeoutMs: 200 });
      const key = `mcpkit:spec:dead-peer:${randomUUID()}`;
      try {
        await redis.start();
        await redis.client.set(key, "v", "PX", 60_000);
        proxy.blackhole();
        const held = proxy.nextHeld();
        const outcome = await timed(redis.client.get(key));
        await held;
        expect((outcome.error as Error).message).to.equal("Command timed out");
        expect(outcome.ms).to.be.below(200 + SLACK_MS);
        // Commands issued while the connection is being replaced are bounded too.
        expect((await timed(redis.client.get(key))).error).to.be.instanceOf(Error);
        proxy.forward();
        if (redis.client.status !== "ready") await once(redis.client, "ready");
        expect(await redis.client.get(key)).to.equal("v");
        expect(redis.health()).to.include({ status: "up" });
      } finally {
        await redis.client.del(key).catch(() => undefined);
        await redis.close();
        await proxy.close();
      }
    });
  });
});
