import { expect } from "chai";
import { Client, SdkHttpError, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Service, Tool } from "../../lib/index.js";
import { requireRedis } from "../support/services.js";
import { closeAll, startInstances, uniquePrefix, type Instance } from "./support.js";

@Service()
class Clock {
  @Tool() async now() {
    return "tick";
  }
}

describe("a 2025 session reaching another instance", function () {
  let instances: Instance[];
  before(async function () {
    await requireRedis(this);
    instances = await startInstances(2, uniquePrefix("legacy"), [Clock]);
  });
  after(() => closeAll(instances));

  it("gets a clear 404 naming the session, and the client recovers by initializing again there", async () => {
    const [a, b] = instances;
    let target = a!.listener.url;
    // A load balancer without the sticky rule: the session's later requests go elsewhere.
    const balanced: typeof fetch = (_input, init) => fetch(target, init);
    const client = new Client({ name: "legacy", version: "1.0.0" }, { versionNegotiation: { mode: "legacy" } });
    await client.connect(new StreamableHTTPClientTransport(new URL(a!.listener.url), { fetch: balanced }));
    target = b!.listener.url;
    const error = await client.callTool({ name: "now", arguments: {} }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(SdkHttpError);
    expect((error as SdkHttpError).status).to.equal(404);
    expect((error as Error).message).to.match(/Session not found: \\".+\\" is unknown, expired or closed; initialize a new session/);
    await client.close();

    // What the 2025 specification asks of a client on 404: a new session, here on instance B.
    const again = new Client({ name: "legacy", version: "1.0.0" }, { versionNegotiation: { mode: "legacy" } });
    await again.connect(new StreamableHTTPClientTransport(new URL(b!.listener.url), { fetch: balanced }));
    try {
      expect((await again.callTool({ name: "now", arguments: {} })).content).to.deep.equal([{ type: "text", text: "tick" }]);
    } finally {
      await again.close();
    }
  });
});
