import { expect } from "chai";
import { once } from "node:events";
import { Redis } from "ioredis";
import { Cached, McpApplication, REDIS_FAIL_FAST_OPTIONS, RedisCacheStore, Service, Tool, ToolResult, type CacheEntry } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { REDIS_URL, requireRedis } from "../support/services.js";
import { deferred, textOf, type Deferred } from "./support/deferred.js";
import { TcpProxy } from "./support/tcp-proxy.js";

/** A Redis store that tells the spec when a write has reached Redis. */
class ObservedRedisStore extends RedisCacheStore {
  written: Deferred = deferred();

  override async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    try {
      await super.set(key, entry, ttlMs);
    } finally {
      this.written.resolve();
      this.written = deferred();
    }
  }
}

describe("RedisCacheStore", () => {
  const prefix = `mcpkit:spec:${process.pid}:${Date.now()}:`;
  let redis: Redis;

  before(async function () {
    await requireRedis(this);
    redis = new Redis(REDIS_URL, REDIS_FAIL_FAST_OPTIONS);
    await once(redis, "ready");
  });

  after(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  });

  it("shares entries between two application instances and gives back the values as they were stored", async () => {
    let runs = 0;
    @Service()
    class Catalog {
      @Cached({ ttl: "1m", shared: true })
      async item(id: string) {
        runs++;
        return { id, added: new Date(Date.UTC(2024, 1, 2)), tags: new Set(["a"]), sizes: new Map([["m", 2]]), stock: 10n, note: undefined, ratio: Infinity, $mcpkit: "user data" };
      }

      @Cached({ ttl: "1m", shared: true })
      async card(id: string) {
        runs++;
        return ToolResult.content([{ type: "text", text: `card ${id}` }]);
      }
    }
    const storeA = new ObservedRedisStore(redis, { prefix });
    const storeB = new RedisCacheStore(redis, { prefix });
    const appA = new McpApplication({ name: "a", services: [Catalog], cache: { store: storeA } });
    const appB = new McpApplication({ name: "b", services: [Catalog], cache: { store: storeB } });
    await appA.start();
    await appB.start();
    try {
      const first = await appA.resolve(Catalog).item("1");
      await storeA.written.promise;
      const second = await appB.resolve(Catalog).item("1");
      expect(runs).to.equal(1);
      expect(second).to.deep.equal(first);
      expect(second.added).to.be.instanceOf(Date);
      expect(second).to.have.property("note", undefined);
      await appA.resolve(Catalog).card("9");
      await storeA.written.promise;
      const card = await appB.resolve(Catalog).card("9");
      expect(card).to.be.instanceOf(ToolResult);
      expect(card.result.content).to.deep.equal([{ type: "text", text: "card 9" }]);
      expect(runs).to.equal(2);
    } finally {
      await appA.close();
      await appB.close();
    }
  });

  it("takes the application's own Redis client from its container", async () => {
    let runs = 0;
    @Service()
    class Greeter {
      @Cached({ ttl: "1m", shared: true })
      async hello(name: string) {
        runs++;
        return `hello ${name}`;
      }
    }
    let store: ObservedRedisStore | undefined;
    const app = new McpApplication({
      name: "t",
      services: [Greeter],
      providers: [{ provide: Redis, useValue: redis }],
      cache: { store: (resolve) => (store = new ObservedRedisStore(resolve(Redis), { prefix })) },
    });
    await app.start();
    try {
      const greeter = app.resolve(Greeter);
      await greeter.hello("ada");
      await store!.written.promise;
      expect(await redis.keys(`${prefix}Greeter.hello|*`)).to.have.length(1);
      await greeter.hello("ada");
      expect(runs).to.equal(1);
    } finally {
      await app.close();
    }
    expect(redis.status).to.equal("ready"); // the application closed its store, not the shared client
  });

  it("evicts a whole method's keys from Redis", async () => {
    @Service()
    class Tags {
      @Cached({ ttl: "1m", shared: true, name: "tags[*]" })
      async tag(id: string) {
        return id;
      }
    }
    const store = new ObservedRedisStore(redis, { prefix });
    const app = new McpApplication({ name: "t", services: [Tags], cache: { store } });
    await app.start();
    try {
      for (const id of ["1", "2", "3"]) {
        await app.resolve(Tags).tag(id);
        await store.written.promise;
      }
      expect(await redis.keys(`${prefix}tags\\[\\*\\]|*`)).to.have.length(3);
      await app.cache.evictMethod(Tags, "tag");
      expect(await redis.keys(`${prefix}tags\\[\\*\\]|*`)).to.deep.equal([]);
    } finally {
      await app.close();
    }
  });

  it("keeps answering from the method with one warning while Redis is away, and caches again when it returns", async () => {
    const [host, port] = new URL(REDIS_URL).host.split(":");
    const proxy = new TcpProxy({ host: host!, port: Number(port ?? 6379) });
    await proxy.start();
    const client = new Redis({ host: "127.0.0.1", port: proxy.port, ...REDIS_FAIL_FAST_OPTIONS, retryStrategy: () => 10 });
    client.on("error", () => undefined);
    await once(client, "ready");
    const logged: string[] = [];
    let runs = 0;
    @Service()
    class Weather {
      @Tool()
      @Cached({ ttl: "1m", shared: true })
      async forecast(city: string) {
        runs++;
        return `sunny in ${city}`;
      }
    }
    const store = new ObservedRedisStore(client, { prefix });
    const { client: mcp, close } = await createTestClient({ name: "t", services: [Weather], cache: { store, log: (level, message) => logged.push(`${level}: ${message}`) } });
    const forecast = async (city: string) => textOf(await mcp.callTool({ name: "forecast", arguments: { city } }));
    try {
      expect(await forecast("oslo")).to.equal("sunny in oslo");
      await store.written.promise;
      expect(await forecast("oslo")).to.equal("sunny in oslo");
      expect(runs).to.equal(1);

      const closed = once(client, "close");
      await proxy.stop();
      await closed;
      for (let i = 0; i < 3; i++) expect(await forecast("rome")).to.equal("sunny in rome");
      expect(runs).to.equal(4);
      expect(logged).to.have.length(1);
      expect(logged[0]).to.match(/^warn: Cache store ObservedRedisStore failed \(Redis is not connected/);

      const ready = once(client, "ready");
      await proxy.start();
      await ready;
      expect(await forecast("oslo")).to.equal("sunny in oslo"); // the entry stored before the outage
      expect(runs).to.equal(4);
      expect(await forecast("lima")).to.equal("sunny in lima");
      await store.written.promise;
      expect(await forecast("lima")).to.equal("sunny in lima");
      expect(runs).to.equal(5);
      expect(logged).to.have.length(2);
      expect(logged[1]).to.match(/^info: Cache store ObservedRedisStore works again/);
    } finally {
      await close();
      client.disconnect();
      await proxy.stop();
    }
  });
});
