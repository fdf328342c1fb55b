import { expect } from "chai";
import mysql, { type Pool, type RowDataPacket } from "mysql2/promise";
import { InMemoryTransport, Client } from "@modelcontextprotocol/client";
import { Batched, BatchResultError, Cached, DecoratorUsageError, McpApplication, Service, Tool, callerIdentity, currentCall, currentSignal } from "../../lib/index.js";
import { ServerQueryCounter, createTestClient } from "../../lib/testing/index.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { deferred, textOf, type Deferred } from "./support/deferred.js";

interface UserRow {
  id: number;
  name: string;
}

describe("@Batched", () => {
  describe("against MariaDB", () => {
    let pool: Pool;
    const table = `mcpkit_batch_${process.pid}_${Date.now()}`;

    before(async function () {
      await requireMariaDb(this);
      pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 4 });
      await pool.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`);
      await pool.query(`INSERT INTO ${table} (id, name) VALUES ?`, [Array.from({ length: 200 }, (_, i) => [i + 1, `user ${i + 1}`])]);
    });

    after(async () => {
      if (!pool) return;
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    });

    /** A repository whose batch query returns rows newest first, so matching by key is needed. */
    function userService(options: { maxBatchSize?: number; seenBatches?: number[][] } = {}) {
      @Service()
      class Users {
        @Batched({ batch: "findByIds", keyOf: (row: UserRow) => row.id, maxBatchSize: options.maxBatchSize })
        async findById(id: number): Promise<UserRow | undefined> {
          const [rows] = await pool.query<RowDataPacket[]>(`SELECT id, name FROM ${table} WHERE id = ?`, [id]);
          return rows[0] as UserRow | undefined;
        }

        async findByIds(ids: number[]): Promise<UserRow[]> {
          options.seenBatches?.push(ids);
          const [rows] = await pool.query<RowDataPacket[]>(`SELECT id, name FROM ${table} WHERE id IN (?) ORDER BY id DESC`, [ids]);
          return rows as UserRow[];
        }
      }
      @Service()
      class UserTools {
        constructor(private readonly users: Users) {}
        @Tool()
        async getUser(id: number) {
          const user = await this.users.findById(id);
          if (!user) throw new Error(`No user ${id}`);
          return user;
        }
      }
      return { Users, UserTools };
    }

    it("answers 100 concurrent tool calls with one query, each caller getting its own row", async () => {
      const { UserTools } = userService();
      const { client, close } = await createTestClient({ name: "t", services: [UserTools] });
      try {
        const counter = await ServerQueryCounter.start(pool);
        const ids = Array.from({ length: 100 }, (_, i) => i + 1);
        const results = await Promise.all(ids.map((id) => client.callTool({ name: "getUser", arguments: { id } })));
        expect(await counter.count()).to.equal(1);
        expect(results.map((r) => JSON.parse(textOf(r)).name)).to.deep.equal(ids.map((id) => `user ${id}`));
      } finally {
        await close();
      }
    });

    it("splits batches at maxBatchSize and fetches duplicate keys once", async () => {
      const seenBatches: number[][] = [];
      const { Users } = userService({ maxBatchSize: 10, seenBatches });
      const app = new McpApplication({ name: "t", services: [Users] });
      await app.start();
      try {
        const users = app.resolve(Users);
        const counter = await ServerQueryCounter.start(pool);
        const ids = Array.from({ length: 60 }, (_, i) => (i % 30) + 1); // 30 distinct ids, each twice
        const rows = await Promise.all(ids.map((id) => users.findById(id)));
        expect(rows.map((r) => r?.id)).to.deep.equal(ids);
        expect(await counter.count()).to.equal(3);
        expect(seenBatches.map((b) => b.length)).to.deep.equal([10, 10, 10]);
        expect(new Set(seenBatches.flat()).size).to.equal(30);
      } finally {
        await app.close();
      }
    });

    it("gives a missing key undefined and only its own caller sees it", async () => {
      const { UserTools } = userService();
      const { client, close } = await createTestClient({ name: "t", services: [UserTools] });
      try {
        const [found, missing, alsoFound] = await Promise.all([5, 9999, 6].map((id) => client.callTool({ name: "getUser", arguments: { id } })));
        expect(JSON.parse(textOf(found)).id).to.equal(5);
        expect(missing.isError).to.equal(true);
        expect(textOf(missing)).to.equal("No user 9999");
        expect(JSON.parse(textOf(alsoFound)).id).to.equal(6);
      } finally {
        await close();
      }
    });
  });

  it("delivers a per-key Error to its caller only and matches a Map by key", async () => {
    @Service()
    class Prices {
      @Batched("priceMany")
      async price(sku: string): Promise<number> {
        throw new Error(`unbatched ${sku}`);
      }

      async priceMany(skus: string[]) {
        return new Map<string, number | Error>(skus.reverse().map((s) => [s, s === "bad" ? new Error(`no price for ${s}`) : s.length]));
      }
    }
    const app = new McpApplication({ name: "t", services: [Prices] });
    await app.start();
    try {
      const prices = app.resolve(Prices);
      const outcomes = await Promise.allSettled(["ab", "bad", "abcd"].map((s) => prices.price(s)));
      expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : (o.reason as Error).message))).to.deep.equal([2, "no price for bad", 4]);
    } finally {
      await app.close();
    }
  });

  it("rejects every caller of a batch whose positional results do not match its keys, saying why", async () => {
    @Service()
    class Broken {
      @Batched("many")
      async one(key: string) {
        return key;
      }

      async many(keys: string[]) {
        return keys.slice(1);
      }
    }
    const app = new McpApplication({ name: "t", services: [Broken] });
    await app.start();
    try {
      const outcomes = await Promise.allSettled(["a", "b"].map((k) => app.resolve(Broken).one(k)));
      for (const outcome of outcomes) {
        expect(outcome.status).to.equal("rejected");
        expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(BatchResultError);
        expect((outcome as PromiseRejectedResult).reason.message).to.contain("Broken.many returned 1 results for 2 keys");
      }
    } finally {
      await app.close();
    }
  });

  it("collects calls made over several event-loop turns within its window", async () => {
    const batches: string[][] = [];
    @Service()
    class Windowed {
      @Batched({ batch: "many", window: "200ms" })
      async one(key: string) {
        return key;
      }

      async many(keys: string[]) {
        batches.push(keys);
        return keys.map((k) => k.toUpperCase());
      }
    }
    const app = new McpApplication({ name: "t", services: [Windowed] });
    await app.start();
    try {
      const windowed = app.resolve(Windowed);
      const first = windowed.one("a");
      await new Promise((resolve) => setImmediate(resolve)); // a later event-loop turn, as separate HTTP requests are
      const second = windowed.one("b");
      expect(await Promise.all([first, second])).to.deep.equal(["A", "B"]);
      expect(batches).to.deep.equal([["a", "b"]]);
    } finally {
      await app.close();
    }
  });

  describe("adaptive dispatch (no window)", () => {
    /** A batch method that answers only when the spec releases each batch, in order. */
    function heldBatches(maxBatchSize?: number) {
      const batches: string[][] = [];
      const callers: (string | undefined)[] = [];
      const held: Deferred[] = [];
      const arrived: Deferred[] = Array.from({ length: 8 }, () => deferred());
      const signals: (AbortSignal | undefined)[] = [];
      @Service()
      class Held {
        @Batched({ batch: "many", maxBatchSize })
        async one(key: string) {
          return key;
        }

        async many(keys: string[]) {
          const release = deferred();
          held.push(release);
          batches.push(keys);
          callers.push(currentCall()?.connectionId);
          signals.push(currentSignal());
          arrived[batches.length - 1]!.resolve();
          await release.promise;
          return keys.map((k) => k.toUpperCase());
        }

        @Tool()
        async read(key: string) {
          return this.one(key);
        }
      }
      return { Held, batches, callers, held, arrived, signals };
    }
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

    it("sends a lone call's batch at once, before the event loop's next turn (no timer)", async () => {
      const { Held, batches, held, arrived } = heldBatches();
      const app = new McpApplication({ name: "t", services: [Held] });
      await app.start();
      try {
        const order: string[] = [];
        const result = app.resolve(Held).one("a");
        setImmediate(() => order.push("next turn"));
        setTimeout(() => order.push("timer"), 0);
        await arrived[0]!.promise;
        order.push("batch");
        expect(order).to.deep.equal(["batch"]);
        held[0]!.resolve();
        expect(await result).to.equal("A");
        expect(batches).to.deep.equal([["a"]]);
      } finally {
        await app.close();
      }
    });

    it("collects the calls that arrive while a batch is in flight and sends them as one batch when it settles", async () => {
      const { Held, batches, held, arrived } = heldBatches();
      const app = new McpApplication({ name: "t", services: [Held] });
      await app.start();
      try {
        const held1 = app.resolve(Held);
        const first = held1.one("a");
        await arrived[0]!.promise;
        // Later event-loop turns, as separate HTTP requests arrive: none is sent while "a" is in flight.
        const later: Promise<string>[] = [];
        for (const key of ["b", "c", "d"]) {
          later.push(held1.one(key));
          await nextTurn();
        }
        expect(batches).to.deep.equal([["a"]]);
        held[0]!.resolve();
        await arrived[1]!.promise;
        expect(batches).to.deep.equal([["a"], ["b", "c", "d"]]);
        held[1]!.resolve();
        expect(await Promise.all([first, ...later])).to.deep.equal(["A", "B", "C", "D"]);
        // Idle again: the next call goes at once.
        const lone = held1.one("e");
        await arrived[2]!.promise;
        held[2]!.resolve();
        expect(await lone).to.equal("E");
        expect(batches[2]).to.deep.equal(["e"]);
      } finally {
        await app.close();
      }
    });

    it("splits the calls collected in flight at maxBatchSize and sends those batches together", async () => {
      const { Held, batches, held, arrived } = heldBatches(2);
      const app = new McpApplication({ name: "t", services: [Held] });
      await app.start();
      try {
        const held1 = app.resolve(Held);
        const calls = [held1.one("a")];
        await arrived[0]!.promise;
        for (const key of ["b", "c", "d", "e", "f"]) calls.push(held1.one(key));
        await nextTurn();
        held[0]!.resolve();
        await Promise.all([arrived[1]!.promise, arrived[2]!.promise, arrived[3]!.promise]);
        expect(batches).to.deep.equal([["a"], ["b", "c"], ["d", "e"], ["f"]]);
        for (const release of held) release.resolve();
        expect(await Promise.all(calls)).to.deep.equal(["A", "B", "C", "D", "E", "F"]);
      } finally {
        await app.close();
      }
    });

    it("runs a batch collected in flight in its own caller's context, not in the one of the batch it waited for", async () => {
      const { Held, batches, callers, held, arrived } = heldBatches();
      const { client, app, close } = await createTestClient({ name: "t", services: [Held] });
      try {
        const inCall = client.callTool({ name: "read", arguments: { key: "a" } });
        await arrived[0]!.promise;
        const outsideAnyCall = app.resolve(Held).one("b");
        held[0]!.resolve();
        await arrived[1]!.promise;
        held[1]!.resolve();
        expect(textOf(await inCall)).to.equal("A");
        expect(await outsideAnyCall).to.equal("B");
        expect(batches).to.deep.equal([["a"], ["b"]]);
        expect(callers[0]).to.be.a("string");
        expect(callers[1]).to.equal(undefined);
      } finally {
        await close();
      }
    });

    for (const when of ["while it waits", "before it is collected"] as const) {
      it(`lets a batch go at once when every caller of the batch in flight has given up on it (${when})`, async () => {
        const { Held, batches, held, arrived, signals } = heldBatches();
        const { client, app, close } = await createTestClient({ name: "t", services: [Held] });
        try {
          const controller = new AbortController();
          const stuck = client.callTool({ name: "read", arguments: { key: "a" } }, { signal: controller.signal }).catch((error: Error) => error);
          await arrived[0]!.promise;
          const gone = new Promise((resolve) => signals[0]!.addEventListener("abort", resolve, { once: true }));
          const collect = () => app.resolve(Held).one("b");
          const waiting = when === "while it waits" ? collect() : undefined;
          controller.abort();
          await stuck;
          await gone;
          const next = waiting ?? collect();
          await arrived[1]!.promise;
          expect(batches).to.deep.equal([["a"], ["b"]]);
          held[1]!.resolve();
          expect(await next).to.equal("B");
        } finally {
          held[0]?.resolve();
          await close();
        }
      });
    }
  });

  it("never puts callers with different identities in one batch when scoped by caller", async () => {
    const batches: { caller: string | undefined; keys: string[] }[] = [];
    const make = (scope: "shared" | "caller") => {
      @Service()
      class Docs {
        @Batched({ batch: "many", scope })
        async one(key: string) {
          return key;
        }

        async many(keys: string[]) {
          batches.push({ caller: callerIdentity(currentCall()), keys });
          return keys;
        }

        @Tool()
        async read(key: string) {
          return this.one(key);
        }
      }
      return Docs;
    };
    for (const scope of ["caller", "shared"] as const) {
      batches.length = 0;
      const { client, app, close } = await createTestClient({ name: "t", services: [make(scope)] });
      const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
      await app.connect(serverTransport);
      const other = new Client({ name: "other", version: "1" });
      await other.connect(clientTransport);
      try {
        await Promise.all([client.callTool({ name: "read", arguments: { key: "x" } }), other.callTool({ name: "read", arguments: { key: "y" } })]);
        if (scope === "caller") {
          expect(batches).to.have.length(2);
          expect(new Set(batches.map((b) => b.caller)).size).to.equal(2);
          expect(batches.map((b) => b.keys.length)).to.deep.equal([1, 1]);
        } else {
          expect(batches).to.have.length(1);
          expect(batches[0]!.keys.sort()).to.deep.equal(["x", "y"]);
        }
      } finally {
        await other.close();
        await close();
      }
    }
  });

  it("sits inside @Cached: hits skip the batch, misses are batched", async () => {
    const batches: string[][] = [];
    @Service()
    class Cities {
      @Cached({ ttl: "1m", shared: true })
      @Batched("many")
      async one(key: string) {
        return key;
      }

      async many(keys: string[]) {
        batches.push(keys);
        return keys.map((k) => k.length);
      }
    }
    const app = new McpApplication({ name: "t", services: [Cities] });
    await app.start();
    try {
      const cities = app.resolve(Cities);
      expect(await Promise.all(["rome", "oslo", "rome"].map((k) => cities.one(k)))).to.deep.equal([4, 4, 4]);
      expect(await Promise.all(["rome", "lima", "oslo"].map((k) => cities.one(k)))).to.deep.equal([4, 4, 4]);
      expect(batches).to.deep.equal([["rome", "oslo"], ["lima"]]);
    } finally {
      await app.close();
    }
  });

  it("rejects wrong usage: no batch method, a second parameter, a batch method that does not exist", async () => {
    expect(() => {
      class A {
        @Batched({ batch: "" })
        async one(key: string) {
          return key;
        }
      }
      return A;
    }).to.throw(DecoratorUsageError, "names no batch method");
    expect(() => {
      class B {
        @Batched("many")
        async one(key: string, extra: string) {
          return key + extra;
        }
      }
      return B;
    }).to.throw(DecoratorUsageError, "more than one parameter");
    @Service()
    class C {
      @Batched("missing")
      async one(key: string) {
        return key;
      }
    }
    const app = new McpApplication({ name: "t", services: [C] });
    try {
      await app.start().then(() => expect.fail("start should fail"), (error: Error) => expect(error.message).to.contain('its batch method "missing" is not a method of C'));
    } finally {
      await app.close();
    }
  });
});
