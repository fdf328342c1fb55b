import { expect } from "chai";
import { once } from "node:events";
import { Redis } from "ioredis";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Cached, McpApplication, REDIS_FAIL_FAST_OPTIONS, RedisCacheStore, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { REDIS_URL, requireRedis } from "../support/services.js";
import { textOf } from "./support/deferred.js";

/** A fresh class per application: what "whoami" returns names the application and its run. */
function whoAmI(label: string) {
  let runs = 0;
  class Profile {
    @Tool({ input: { type: "object", properties: {} } })
    @Cached("1m")
    async whoami() {
      return `${label} run ${++runs}`;
    }

    @Tool({ input: { type: "object", properties: {} } })
    @Cached({ ttl: "1m", shared: true })
    async motd() {
      return `${label} motd ${++runs}`;
    }
  }
  return Profile;
}

describe("caller scope of cached results", () => {
  it("never serves one connection's result to another when two instances share one Redis", async function () {
    await requireRedis(this);
    const redis = new Redis(REDIS_URL, REDIS_FAIL_FAST_OPTIONS);
    await once(redis, "ready");
    const prefix = `mcpkit:spec:callers:${process.pid}:${Date.now()}:`;
    // Two processes' worth of applications: same tool name, same cache name, one Redis.
    const a = await createTestClient({ name: "a", services: [whoAmI("a")], cache: { store: new RedisCacheStore(redis, { prefix }) } });
    const b = await createTestClient({ name: "b", services: [whoAmI("b")], cache: { store: new RedisCacheStore(redis, { prefix }) } });
    try {
      const first = textOf(await a.client.callTool({ name: "whoami", arguments: {} }));
      const second = textOf(await b.client.callTool({ name: "whoami", arguments: {} }));
      expect(first).to.equal("a run 1");
      expect(second, "b's first caller got a's cached result").to.equal("b run 1");
      expect(textOf(await a.client.callTool({ name: "whoami", arguments: {} }))).to.equal("a run 1");
    } finally {
      await a.close();
      await b.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.unlink(...keys);
      redis.disconnect();
    }
  });

  it("does not cache per-caller results of anonymous 2026-07-28 HTTP requests, and still shares shared ones", async () => {
    const app = new McpApplication({ name: "anon", services: [whoAmI("anon")] });
    const listener = await app.listenHttp({ port: 0 });
    const clients = [0, 1].map(() => new Client({ name: "spec", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } }));
    try {
      for (const client of clients) await client.connect(new StreamableHTTPClientTransport(new URL(listener.url)));
      const own = [];
      for (const client of [...clients, ...clients]) own.push(textOf(await client.callTool({ name: "whoami", arguments: {} })));
      expect(own).to.deep.equal(["anon run 1", "anon run 2", "anon run 3", "anon run 4"]);
      expect(app.cache.stats(app.registry.tools.get("whoami")!.descriptor.target as never, "whoami" as never)).to.include({ uncacheable: 4, hits: 0 });
      const shared = [];
      for (const client of [...clients, ...clients]) shared.push(textOf(await client.callTool({ name: "motd", arguments: {} })));
      expect(new Set(shared).size).to.equal(1);
    } finally {
      for (const client of clients) await client.close();
      await app.close();
    }
  });
});
