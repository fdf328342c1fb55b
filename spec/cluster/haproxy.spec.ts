import { expect } from "chai";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { haproxyInstalled, LocalCluster } from "../../samples/cluster/local-cluster.js";
import { REDIS_URL, requireRedis } from "../support/services.js";
import { modernClient } from "./support.js";

/** In a `before` hook: skips without HAProxy on a laptop, fails in CI. */
function requireHaproxy(context: Mocha.Context): void {
  if (haproxyInstalled()) return;
  const reason = "haproxy is not installed (Debian: apt-get install haproxy)";
  if (process.env.CI) throw new Error(`${reason}; CI must provide it`);
  console.log(`      skipped: ${reason}`);
  context.skip();
}

const text = (result: { content?: unknown }) => (result.content as { text: string }[])[0]!.text;

describe("flagship instances behind a real HAProxy (samples/cluster)", function () {
  this.timeout(60_000);
  let cluster: LocalCluster;
  before(async function () {
    requireHaproxy(this);
    await requireRedis(this);
    cluster = new LocalCluster({ port: 0, instances: 3, env: { ...process.env, REDIS_URL, MYSQL_URL: "" } });
    await cluster.start();
  });
  after(() => cluster?.stop());

  it("serves 2026-07-28 calls through HAProxy, whichever instance answers", async () => {
    const client = await modernClient(cluster.url);
    try {
      for (let i = 0; i < 6; i++) expect(text(await client.callTool({ name: "get_user", arguments: { id: 1 } }))).to.contain(`"id":1,`);
    } finally {
      await client.close();
    }
  });

  it("keeps a 2025 session on the instance that created it (stick on Mcp-Session-Id)", async () => {
    const client = new Client({ name: "legacy", version: "1.0.0" }, { versionNegotiation: { mode: "legacy" } });
    await client.connect(new StreamableHTTPClientTransport(new URL(cluster.url)));
    try {
      // Round robin alone would send most of these to instances that never heard of the session (404).
      for (let i = 0; i < 6; i++) expect((await client.listTools()).tools.map((t) => t.name)).to.include("get_user");
    } finally {
      await client.close();
    }
  });

  it("restarts every instance in turn under load without one failed call", async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => modernClient(cluster.url)));
    let done = false;
    let completed = 0;
    const failures: string[] = [];
    const load = clients.map(async (client, i) => {
      while (!done) {
        try {
          const result = await client.callTool({ name: "get_user", arguments: { id: (i % 5) + 1 } });
          if (result.isError) failures.push(text(result));
          else completed++;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    });
    try {
      const restarted: string[] = [];
      await cluster.rollingRestart((member, step) => step === "up" && restarted.push(member));
      expect(restarted).to.deep.equal(["i1", "i2", "i3"]);
    } finally {
      done = true;
      await Promise.all(load);
      await Promise.allSettled(clients.map((c) => c.close()));
    }
    expect(failures).to.deep.equal([]);
    expect(completed).to.be.above(50);
  });
});
