import { expect } from "chai";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { McpApplication, MySqlPool, Service, Tool } from "../../lib/index.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { gate } from "../pools/support.js";

async function connectClient(url: string): Promise<Client> {
  const client = new Client({ name: "spec", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

describe("HTTP transport lifecycle", function () {
  before(async function () {
    await requireMariaDb(this);
  });

  it("serves health at /health, refuses new sessions while draining, and finishes the call in flight", async () => {
    const entered = gate();
    const release = gate();
    @Service()
    class Slow {
      constructor(private readonly db: MySqlPool) {}
      @Tool({ name: "slow" })
      async slow(): Promise<number> {
        entered.open();
        await release.promise;
        const [row] = await this.db.query<{ n: number }>("SELECT 7 AS n");
        return row!.n;
      }
    }
    const app = new McpApplication({ name: "http-drain", services: [Slow], pools: [new MySqlPool({ url: MYSQL_URL })] });
    const listener = await app.listenHttp({ port: 0 });
    const base = listener.url.replace(/\/mcp$/, "");
    const healthy = await fetch(`${base}/health`);
    expect(healthy.status).to.equal(200);
    const report = (await healthy.json()) as { status: string; pools: { kind: string }[] };
    expect(report.status).to.equal("up");
    expect(report.pools.map((p) => p.kind)).to.deep.equal(["mysql"]);

    const client = await connectClient(listener.url);
    const inFlight = client.callTool({ name: "slow", arguments: {} });
    await entered.promise;
    const closing = app.close();
    const newcomer = await fetch(listener.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "late", version: "1" } } }),
    });
    expect(newcomer.status).to.equal(503);
    expect(await newcomer.text()).to.include("the server is shutting down");
    expect((await fetch(`${base}/health`)).status).to.equal(503);
    release.open();
    const result = await inFlight;
    expect(result.content).to.deep.equal([{ type: "text", text: "7" }]);
    await closing;
    await client.close().catch(() => undefined);
  });
});
