import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { McpApplication, PoolStartupError, RedisConnection, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { REDIS_URL, requireRedis } from "../support/services.js";
import { eventually, unusedPort } from "./support.js";

/** Names of the clients Redis currently has connected, read from a separate connection. */
async function clientNames(admin: Redis): Promise<string[]> {
  const list = (await admin.call("CLIENT", "LIST")) as string;
  return list.split("\n").map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? "").filter(Boolean);
}

describe("RedisConnection", function () {
  let admin: Redis;
  before(async function () {
    await requireRedis(this);
    admin = new Redis(REDIS_URL);
  });
  after(() => admin?.disconnect());

  it("is injected by its class and as ioredis's Redis (one client), and closes its connection at shutdown", async () => {
    const name = `spec-${randomUUID().slice(0, 8)}`;
    const redis = new RedisConnection({ url: REDIS_URL, name });
    @Service()
    class Counter {
      constructor(private readonly client: Redis, readonly connection: RedisConnection) {}
      @Tool({ name: "bump" })
      async bump(key: string): Promise<number> {
        return this.client.incr(key);
      }
    }
    const { client, app, close } = await createTestClient({ name: "redis-app", services: [Counter], pools: [redis] });
    const key = `mcpkit:spec:${name}`;
    try {
      expect(app.resolve(Redis)).to.equal(redis.client);
      expect(app.resolve(Counter).connection).to.equal(redis);
      expect(await clientNames(admin)).to.include(`mcpkit:${name}`);
      const result = await client.callTool({ name: "bump", arguments: { key } });
      expect(result.content).to.deep.equal([{ type: "text", text: "1" }]);
      expect(redis.health()).to.include({ status: "up", kind: "redis" });
    } finally {
      await admin.del(key);
      await close();
    }
    await eventually(() => clientNames(admin), (names) => !names.includes(`mcpkit:${name}`));
    expect(redis.client.status).to.equal("end");
    expect(redis.health().status).to.equal("closed");
  });

  it("fails startup with an error naming the client and the address when Redis is down", async () => {
    const port = await unusedPort();
    const app = new McpApplication({
      name: "redis-down",
      services: [],
      pools: [new RedisConnection({ url: `redis://127.0.0.1:${port}`, name: "cache" })],
      startupRetry: { attempts: 2, initialDelayMs: 5 },
    });
    const error = await app.start().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PoolStartupError);
    expect((error as Error).message).to.match(new RegExp(`^Redis client "cache" could not connect to 127\\.0\\.0\\.1:${port} after 2 attempts`));
    expect((error as Error).message).to.match(/Reason: .*ECONNREFUSED/);
    await app.close();
  });
});
