import { expect } from "chai";
import { McpApplication, Tool, type HttpListener } from "../../lib/index.js";

class Echo {
  @Tool({ input: { type: "object", properties: { text: { type: "string" } } } })
  async echo({ text }: { text: string }) {
    return text;
  }
}

const INITIALIZE = JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
const JSON_AND_SSE = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("refused HTTP requests", () => {
  let app: McpApplication;
  let listener: HttpListener;
  beforeEach(async () => {
    app = new McpApplication({ name: "refusals", services: [Echo] });
    listener = await app.listenHttp({ port: 0 });
  });
  afterEach(() => app.close());

  it("keep no server or session for an initialize refused by its headers", async () => {
    const refusals = [
      { "content-type": "application/json", accept: "text/html" },
      { "content-type": "text/plain", accept: "application/json, text/event-stream" },
    ];
    for (let i = 0; i < 100; i++) {
      const response = await fetch(listener.url, { method: "POST", headers: refusals[i % 2]!, body: INITIALIZE });
      expect(response.status).to.be.oneOf([406, 415]);
      await response.text();
    }
    expect(app.health().connections).to.equal(0);
    expect(listener.sessionCount).to.equal(0);
    const accepted = await fetch(listener.url, { method: "POST", headers: JSON_AND_SSE, body: INITIALIZE });
    await accepted.text();
    expect(accepted.headers.get("mcp-session-id")).to.be.a("string");
    expect(app.health().connections).to.equal(1);
  });

  it("refuses Origin: null, which sandboxed iframes and local files send", async () => {
    const response = await fetch(listener.url, { method: "POST", headers: { ...JSON_AND_SSE, origin: "null" }, body: INITIALIZE });
    expect(response.status).to.equal(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).to.match(/Origin "null"/);
    expect(app.health().connections).to.equal(0);
  });

  it("answers malformed frames that carry an id with a JSON-RPC error naming that id, in both eras", async () => {
    const modernMeta = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": { name: "spec", version: "1" },
      "io.modelcontextprotocol/clientCapabilities": {},
    };
    const modernHeaders = { ...JSON_AND_SSE, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo" };
    const modern = await fetch(listener.url, { method: "POST", headers: modernHeaders, body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "echo", _meta: { ...modernMeta, progressToken: 1.5 } } }) });
    expect(modern.status).to.equal(400);
    expect(await modern.json()).to.deep.include({ id: 7 });

    const init = await fetch(listener.url, { method: "POST", headers: JSON_AND_SSE, body: INITIALIZE });
    await init.text();
    const session = { ...JSON_AND_SSE, "mcp-session-id": init.headers.get("mcp-session-id")!, "mcp-protocol-version": "2025-11-25" };
    for (const [id, frame] of [
      [8, { jsonrpc: "2.0", id: 8, method: "tools/call", params: [] }],
      [9, { jsonrpc: "1.0", id: 9, method: "tools/list" }],
    ] as const) {
      const response = await fetch(listener.url, { method: "POST", headers: session, body: JSON.stringify(frame) });
      expect(response.status).to.equal(400);
      const body = (await response.json()) as { id: unknown; error: { code: number } };
      expect(body.id).to.equal(id);
      expect(body.error.code).to.equal(-32600);
    }
  });
});
