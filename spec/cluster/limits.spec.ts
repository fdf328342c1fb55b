import { expect } from "chai";
import { ConcurrencyLimit, McpApplication, RateLimit, RedisConnection, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { REDIS_URL, requireRedis } from "../support/services.js";
import { gate, type Gate } from "../protocol/eras/support.js";
import { closeAll, modernClient, startInstances, uniquePrefix, type Instance } from "./support.js";
import type { Client } from "@modelcontextprotocol/client";

let holding: { started: Gate; release: Gate } | undefined;

@Service()
class Reports {
  @Tool() @RateLimit({ calls: 2, per: "1m", scope: "global" })
  async quote() {
    return "quoted";
  }

  @Tool() @RateLimit({ calls: 1, per: "1m", scope: "global", shared: false })
  async localQuote() {
    return "quoted here";
  }

  @Tool() @RateLimit({ calls: 1, per: "1m" })
  async perCaller() {
    return "mine";
  }

  @Tool() @ConcurrencyLimit({ max: 1, scope: "global" })
  async export() {
    const hold = holding;
    holding = undefined;
    if (hold) {
      hold.started.open();
      await hold.release.promise;
    }
    return "exported";
  }
}

const text = (result: { content?: unknown }) => (result.content as { text: string }[])[0]!.text;

describe("@RateLimit and @ConcurrencyLimit across instances (cluster option)", function () {
  let instances: Instance[];
  let clients: Client[];
  before(async function () {
    await requireRedis(this);
    instances = await startInstances(2, uniquePrefix("limits"), [Reports]);
    clients = await Promise.all(instances.map((i) => modernClient(i.listener.url)));
  });
  after(async () => {
    await Promise.allSettled((clients ?? []).map((c) => c.close()));
    await closeAll(instances);
  });

  it("refuses the call past a global rate on another instance, saying when to retry", async () => {
    const [a, b] = clients;
    expect(text(await a!.callTool({ name: "quote", arguments: {} }))).to.equal("quoted");
    expect(text(await b!.callTool({ name: "quote", arguments: {} }))).to.equal("quoted");
    const refused = await a!.callTool({ name: "quote", arguments: {} });
    expect(refused.isError).to.equal(true);
    expect(text(refused)).to.match(/^Tool "quote" is over its limit of 2 calls per 60 s for all callers together\. Retry after \d+(\.\d)? s\.$/);
    const seconds = Number(/Retry after ([\d.]+) s/.exec(text(refused))![1]);
    expect(seconds).to.be.within(1, 60);
  });

  it("counts a limit with shared: false in each process only", async () => {
    const [a, b] = clients;
    expect(text(await a!.callTool({ name: "localQuote", arguments: {} }))).to.equal("quoted here");
    expect(text(await b!.callTool({ name: "localQuote", arguments: {} }))).to.equal("quoted here");
    expect((await a!.callTool({ name: "localQuote", arguments: {} })).isError).to.equal(true);
  });

  it("refuses a call on instance B while the one allowed call runs on A, and serves it once that one ended", async () => {
    const [a, b] = clients;
    holding = { started: gate(), release: gate() };
    const hold = holding;
    const running = a!.callTool({ name: "export", arguments: {} });
    await hold.started.promise;
    const refused = await b!.callTool({ name: "export", arguments: {} });
    expect(refused.isError).to.equal(true);
    expect(text(refused)).to.equal('Tool "export" is over its limit of 1 call at once for all callers together. Retry after 1 s.');
    hold.release.open();
    expect(text(await running)).to.equal("exported");
    expect(text(await b!.callTool({ name: "export", arguments: {} }))).to.equal("exported");
  });
});

describe("@ConcurrencyLimit on a streaming tool", () => {
  it("holds the slot until the stream ends, and the stream is still delivered", async () => {
    let holdStream: { started: Gate; release: Gate } | undefined;
    @Service()
    class Feed {
      @Tool() @ConcurrencyLimit({ max: 1, scope: "global" })
      async *follow() {
        yield "first ";
        const hold = holdStream;
        holdStream = undefined;
        if (hold) {
          hold.started.open();
          await hold.release.promise;
        }
        yield "last";
      }
    }
    const { client, close } = await createTestClient({ name: "limits", services: [Feed], onWarning: () => undefined });
    try {
      holdStream = { started: gate(), release: gate() };
      const hold = holdStream;
      const streaming = client.callTool({ name: "follow", arguments: {} });
      await hold.started.promise;
      const refused = await client.callTool({ name: "follow", arguments: {} });
      expect(refused.isError).to.equal(true);
      expect(text(refused)).to.contain("over its limit of 1 call at once");
      hold.release.open();
      expect(text(await streaming)).to.equal("first last");
      expect(text(await client.callTool({ name: "follow", arguments: {} }))).to.equal("first last");
    } finally {
      await close();
    }
  });
});

describe("@RateLimit in one process", () => {
  it("gives each caller its own budget by default", async () => {
    const app = new McpApplication({ name: "limits", services: [Reports], onWarning: () => undefined });
    const first = await createTestClient(app);
    const second = await createTestClient(app);
    try {
      expect(text(await first.client.callTool({ name: "perCaller", arguments: {} }))).to.equal("mine");
      expect((await first.client.callTool({ name: "perCaller", arguments: {} })).isError).to.equal(true);
      expect(text(await second.client.callTool({ name: "perCaller", arguments: {} }))).to.equal("mine");
    } finally {
      await first.client.close();
      await second.client.close();
      await app.close();
    }
  });
});

describe("@RateLimit in a cluster while Redis is unreachable", function () {
  before(async function () {
    await requireRedis(this);
  });

  it("still answers, and still limits, counting in this process", async () => {
    const redis = new RedisConnection({ url: REDIS_URL, name: "limits-outage" });
    const app = new McpApplication({ name: "limits", services: [Reports], pools: [redis], cluster: { redis, prefix: uniquePrefix("limits-outage") }, cache: { log: () => undefined }, onWarning: () => undefined });
    const { client } = await createTestClient(app);
    try {
      redis.client.disconnect();
      expect(text(await client.callTool({ name: "quote", arguments: {} }))).to.equal("quoted");
      expect(text(await client.callTool({ name: "quote", arguments: {} }))).to.equal("quoted");
      expect((await client.callTool({ name: "quote", arguments: {} })).isError).to.equal(true);
    } finally {
      await client.close();
      await app.close();
    }
  });
});
