import { expect } from "chai";
import { InMemoryTransport, Client } from "@modelcontextprotocol/client";
import { Cached, CacheManager, DecoratorUsageError, InvalidatesCache, LruCacheStore, McpApplication, Service, Tool, ToolResult, callerIdentity, type CacheEntry } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { deferred, textOf } from "./support/deferred.js";

/** A second client on an already started application (its own connection, so its own caller identity). */
async function connectClient(app: McpApplication, authInfo?: { token: string; clientId: string; scopes: string[]; extra?: Record<string, unknown> }): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport, { authInfo });
  const client = new Client({ name: "second", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}

describe("@Cached", () => {
  it("runs the method once for many concurrent misses of one key and answers every caller", async () => {
    const arrived = deferred();
    let arrivals = 0;
    let runs = 0;
    @Service()
    class Prices {
      @Tool()
      @Cached("1m")
      async price(sku: string) {
        runs++;
        await arrived.promise; // holds the first call until all 20 have reached the cache
        return `${sku}: 42`;
      }
    }
    const callerOf: typeof callerIdentity = (call) => {
      if (++arrivals === 20) arrived.resolve();
      return callerIdentity(call);
    };
    const { client, app, close } = await createTestClient({ name: "t", services: [Prices], cache: { callerOf } });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => client.callTool({ name: "price", arguments: { sku: "a" } })));
      expect(results.map(textOf)).to.deep.equal(Array(20).fill("a: 42"));
      expect(runs).to.equal(1);
      expect(app.cache.stats(Prices, "price")).to.include({ misses: 1, coalesced: 19, hits: 0 });
      await client.callTool({ name: "price", arguments: { sku: "a" } });
      expect(runs).to.equal(1);
      expect(app.cache.stats(Prices, "price").hits).to.equal(1);
    } finally {
      await close();
    }
  });

  it("never caches a rejection or an error result", async () => {
    const answers: (() => unknown)[] = [
      () => {
        throw new Error("backend down");
      },
      () => ToolResult.error("not yet"),
      () => ({ isError: true, reason: "plain error object" }),
      () => "ok",
    ];
    let runs = 0;
    @Service()
    class Flaky {
      @Tool()
      @Cached("1m")
      async read(id: string) {
        return answers[runs++]!();
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Flaky] });
    try {
      const call = () => client.callTool({ name: "read", arguments: { id: "x" } });
      expect(await call()).to.include({ isError: true });
      expect(textOf(await call())).to.equal("not yet");
      expect(textOf(await call())).to.contain("plain error object");
      expect(textOf(await call())).to.equal("ok");
      expect(textOf(await call())).to.equal("ok");
      expect(runs).to.equal(4);
    } finally {
      await close();
    }
  });

  it("keys results by caller unless they are declared shared", async () => {
    const runs = { own: 0, shared: 0 };
    @Service()
    class Profile {
      @Tool()
      @Cached("1m")
      async mine() {
        return `mine #${++runs.own}`;
      }

      @Tool()
      @Cached({ ttl: "1m", shared: true })
      async motd() {
        return `motd #${++runs.shared}`;
      }
    }
    const { client, app, close } = await createTestClient({ name: "t", services: [Profile] });
    const other = await connectClient(app);
    try {
      for (const c of [client, other, client, other]) {
        await c.callTool({ name: "mine", arguments: {} });
        await c.callTool({ name: "motd", arguments: {} });
      }
      expect(runs).to.deep.equal({ own: 2, shared: 1 });
      expect(textOf(await other.callTool({ name: "mine", arguments: {} }))).to.equal("mine #2");
    } finally {
      await other.close();
      await close();
    }
  });

  it("keys by the authenticated principal: one user on two connections shares, another user does not", async () => {
    let runs = 0;
    @Service()
    class Inbox {
      @Tool()
      @Cached("1m")
      async unread() {
        return `unread for run ${++runs}`;
      }
    }
    const app = new McpApplication({ name: "t", services: [Inbox] });
    const alice1 = await connectClient(app, { token: "t1", clientId: "c", scopes: [], extra: { sub: "alice" } });
    const alice2 = await connectClient(app, { token: "t2", clientId: "c", scopes: [], extra: { sub: "alice" } });
    const bob = await connectClient(app, { token: "t3", clientId: "c", scopes: [], extra: { sub: "bob" } });
    try {
      const a1 = textOf(await alice1.callTool({ name: "unread", arguments: {} }));
      const a2 = textOf(await alice2.callTool({ name: "unread", arguments: {} }));
      const b = textOf(await bob.callTool({ name: "unread", arguments: {} }));
      expect(a2).to.equal(a1);
      expect(b).to.not.equal(a1);
      expect(runs).to.equal(2);
    } finally {
      for (const c of [alice1, alice2, bob]) await c.close();
      await app.close();
    }
  });

  it("builds keys from the arguments whatever the order of object keys, or from a key function", async () => {
    const seen: unknown[] = [];
    @Service()
    class Search {
      @Cached({ ttl: "1m", shared: true })
      async find(query: { text: string; page: number }) {
        seen.push(query);
        return [query.text];
      }

      @Cached({ ttl: "1m", shared: true, key: (id: string) => id.toLowerCase() })
      async byId(id: string) {
        seen.push(id);
        return id;
      }
    }
    const app = new McpApplication({ name: "t", services: [Search] });
    await app.start();
    try {
      const search = app.resolve(Search);
      await search.find({ text: "a", page: 1 });
      await search.find({ page: 1, text: "a" });
      await search.find({ page: 2, text: "a" });
      await search.byId("ABC");
      await search.byId("abc");
      expect(seen).to.deep.equal([{ text: "a", page: 1 }, { page: 2, text: "a" }, "ABC"]);
    } finally {
      await app.close();
    }
  });

  it("keeps a result fresh for its ttl and runs the method again after it", async () => {
    let now = 1_000_000;
    let runs = 0;
    @Service()
    class Clock {
      @Cached({ ttl: "30s", shared: true })
      async tick() {
        return ++runs;
      }
    }
    const app = new McpApplication({ name: "t", services: [Clock], cache: { now: () => now } });
    await app.start();
    try {
      const clock = app.resolve(Clock);
      expect(await clock.tick()).to.equal(1);
      now += 29_999;
      expect(await clock.tick()).to.equal(1);
      now += 1;
      expect(await clock.tick()).to.equal(2);
    } finally {
      await app.close();
    }
  });

  it("serves a stale result while one background call refreshes it (stale-while-revalidate)", async () => {
    let now = 1_000_000;
    let runs = 0;
    const stored = deferred();
    class ObservedStore extends LruCacheStore {
      override set(key: string, entry: CacheEntry, ttlMs: number): void {
        super.set(key, entry, ttlMs);
        if (entry.value === 2) stored.resolve();
      }
    }
    @Service()
    class Rates {
      @Cached({ ttl: "10s", staleWhileRevalidate: "1m", shared: true })
      async rate() {
        return ++runs;
      }
    }
    const app = new McpApplication({ name: "t", services: [Rates], cache: { now: () => now, store: new ObservedStore({ now: () => now }) } });
    await app.start();
    try {
      const rates = app.resolve(Rates);
      expect(await rates.rate()).to.equal(1);
      now += 20_000;
      expect(await Promise.all([rates.rate(), rates.rate(), rates.rate()])).to.deep.equal([1, 1, 1]);
      await stored.promise;
      expect(runs).to.equal(2);
      expect(await rates.rate()).to.equal(2);
      now += 10_000 + 60_000;
      expect(await rates.rate()).to.equal(3);
      expect(app.cache.stats(Rates, "rate")).to.include({ staleHits: 3, hits: 1, misses: 2 });
    } finally {
      await app.close();
    }
  });

  it("evicts one call's entries or a whole method from code", async () => {
    const runs: string[] = [];
    @Service()
    class Users {
      @Cached("1m")
      async find(id: string) {
        runs.push(id);
        return { id };
      }
    }
    const app = new McpApplication({ name: "t", services: [Users] });
    await app.start();
    try {
      const users = app.resolve(Users);
      const cache = app.resolve(CacheManager);
      await users.find("1");
      await users.find("2");
      await cache.evict(Users, "find", "1");
      await users.find("1");
      await users.find("2");
      expect(runs).to.deep.equal(["1", "2", "1"]);
      await cache.evictMethod(Users, "find");
      await users.find("1");
      await users.find("2");
      expect(runs).to.deep.equal(["1", "2", "1", "1", "2"]);
      expect(cache.stats(Users, "find").invalidations).to.equal(2);
    } finally {
      await app.close();
    }
  });

  it("evicts after a mutating method with @InvalidatesCache, and a read in flight during it stores nothing stale", async () => {
    const db = new Map([["1", "Ada"]]);
    const readGate = deferred();
    let holdRead = false;
    @Service()
    class Users {
      @Cached({ ttl: "1m", shared: true })
      async name(id: string) {
        const value = db.get(id);
        if (holdRead) await readGate.promise; // a slow read that saw the old value
        return value;
      }

      @InvalidatesCache("name", { args: (id: string) => [id] })
      async rename(id: string, name: string) {
        db.set(id, name);
      }
    }
    @Service()
    class Audit {
      constructor(private readonly users: Users) {}
      @InvalidatesCache("name", { of: () => Users })
      async purge() {
        db.clear();
      }
    }
    const app = new McpApplication({ name: "t", services: [Users, Audit] });
    await app.start();
    try {
      const users = app.resolve(Users);
      holdRead = true;
      const slowRead = users.name("1");
      holdRead = false;
      await users.rename("1", "Grace");
      readGate.resolve();
      expect(await slowRead).to.equal("Ada");
      expect(await users.name("1")).to.equal("Grace");
      await app.resolve(Audit).purge();
      expect(await users.name("1")).to.equal(undefined);
    } finally {
      await app.close();
    }
  });

  it("counts evictions of a method bounded by its own store", async () => {
    @Service()
    class Small {
      @Cached({ ttl: "1m", max: 2, shared: true })
      async square(n: number) {
        return n * n;
      }
    }
    const app = new McpApplication({ name: "t", services: [Small] });
    await app.start();
    try {
      const small = app.resolve(Small);
      for (const n of [1, 2, 3, 3]) await small.square(n);
      expect(app.cache.stats(Small, "square")).to.include({ misses: 3, hits: 1, evictions: 1 });
      expect(app.cache.allStats()).to.have.property("Small.square");
    } finally {
      await app.close();
    }
  });

  it("caches a repository method injected into a tool class, and leaves instances made with new untouched", async () => {
    let queries = 0;
    @Service()
    class Repo {
      @Cached({ ttl: "1m", shared: true })
      async load(id: string) {
        queries++;
        return { id };
      }
    }
    @Service()
    class Tools {
      constructor(private readonly repo: Repo) {}
      @Tool()
      async get(id: string) {
        return this.repo.load(id);
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Tools] });
    try {
      await client.callTool({ name: "get", arguments: { id: "7" } });
      await client.callTool({ name: "get", arguments: { id: "7" } });
      expect(queries).to.equal(1);
      const plain = new Repo();
      await plain.load("7");
      await plain.load("7");
      expect(queries).to.equal(3);
    } finally {
      await close();
    }
  });

  it("rejects wrong usage when the class is declared or the application starts", () => {
    const declare = (fn: () => void) => expect(fn).to.throw(DecoratorUsageError);
    declare(() => {
      class A {
        @Cached("soon")
        async m() {}
      }
      return A;
    });
    declare(() => {
      class B {
        @Cached("1m")
        @Cached("2m")
        async m() {}
      }
      return B;
    });
    declare(() => {
      class C {
        @Cached({ ttl: "1m", name: "a|b" })
        async m() {}
      }
      return C;
    });
    @Service()
    class D {
      @InvalidatesCache("nothingCached")
      async m() {}
    }
    const app = new McpApplication({ name: "t", services: [D] });
    return app.start().then(
      () => expect.fail("start should fail"),
      async (error: Error) => {
        expect(error.message).to.contain("D.nothingCached is not a cached method");
        await app.close();
      },
    );
  });
});
