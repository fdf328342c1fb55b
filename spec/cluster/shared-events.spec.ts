import { expect } from "chai";
import { ApplicationConfigurationError, elicit, McpApplication, RedisConnection, Resource, Service, Tool } from "../../lib/index.js";
import { requireRedis } from "../support/services.js";
import { closeAll, modernClient, startInstances, uniquePrefix, type Instance } from "./support.js";

@Service()
class Stock {
  @Resource({ uri: "stock://levels" }) async levels() {
    return "levels";
  }
  @Tool({ description: "Asks how many, then answers.", input: { type: "object", properties: { item: { type: "string" } }, required: ["item"] } })
  async reserve(args: { item: string }) {
    const answer = await elicit({ message: `How many ${args.item}?`, requestedSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] } });
    return `reserved ${answer.content?.count} ${args.item}`;
  }
}

@Service()
class Extra {
  @Tool() async extra() {
    return "extra";
  }
}

describe("instances sharing change events and requestState on Redis (cluster option)", function () {
  let instances: Instance[];
  before(async function () {
    await requireRedis(this);
    instances = await startInstances(2, uniquePrefix("events"), [Stock]);
  });
  after(() => closeAll(instances));

  it("a listen stream on instance B hears a resource update made on instance A", async () => {
    const [a, b] = instances;
    const client = await modernClient(b!.listener.url);
    try {
      const heard = new Promise<string>((resolve) => client.setNotificationHandler("notifications/resources/updated", (n) => resolve(n.params.uri)));
      const subscription = await client.listen({ resourceSubscriptions: ["stock://levels"] });
      a!.app.notifyResourceUpdated("stock://levels");
      expect(await heard).to.equal("stock://levels");
      await subscription.close();
    } finally {
      await client.close();
    }
  });

  it("a listen stream on instance B hears that a service was added on instance A", async () => {
    const [a, b] = instances;
    const client = await modernClient(b!.listener.url);
    try {
      const heard = new Promise<void>((resolve) => client.setNotificationHandler("notifications/tools/list_changed", () => resolve()));
      const subscription = await client.listen({ toolsListChanged: true });
      await a!.app.addService(Extra);
      await heard;
      await subscription.close();
    } finally {
      await client.close();
    }
  });

  it("completes an input-required call whose retry lands on the other instance, with no secret configured", async () => {
    const [a, b] = instances;
    const served: string[] = [];
    let next = 0;
    // Every POST goes to the next instance in turn, as a load balancer without affinity would.
    const alternating: typeof fetch = (input, init) => {
      if ((init?.method ?? "GET") !== "POST") return fetch(input, init);
      const target = [a!, b!][next++ % 2]!;
      if (String(init!.body).includes('"tools/call"')) served.push(target === a ? "A" : "B");
      return fetch(target.listener.url, init);
    };
    const client = await modernClient(a!.listener.url, { fetch: alternating, capabilities: { elicitation: {} } });
    try {
      client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { count: 3 } }));
      const result = await client.callTool({ name: "reserve", arguments: { item: "chairs" } });
      expect(result.isError).to.not.equal(true);
      expect(result.content).to.deep.equal([{ type: "text", text: "reserved 3 chairs" }]);
      expect(served).to.have.length(2);
      expect(served[0]).to.not.equal(served[1]);
    } finally {
      await client.close();
    }
  });
});

describe("the cluster option's configuration", () => {
  it("refuses a Redis connection the application does not own, saying how to fix it", () => {
    const redis = new RedisConnection({ url: "redis://127.0.0.1:6379", name: "outside" });
    expect(() => new McpApplication({ name: "t", services: [], cluster: { redis } })).to.throw(
      ApplicationConfigurationError,
      'McpApplication option "cluster.redis": Redis client "outside" is not one of the application\'s pools. Fix: list it in `pools` too.',
    );
  });
});
