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
    for (const [id, frame, code, message] of [
      [8, { jsonrpc: "2.0", id: 8, method: "tools/call", params: [] }, -32602, /"params" must be an object/],
      [9, { jsonrpc: "1.0", id: 9, method: "tools/list" }, -32600, /not a valid JSON-RPC message/],
      [10, { jsonrpc: "2.0", id: 10, method: "tools/call", params: { name: 42 } }, -32602, /"name" must be the tool's name, a string/],
      [11, { jsonrpc: "2.0", id: 11, method: "tools/call", params: { name: "echo", arguments: "text" } }, -32602, /"arguments" must be an object/],
      [12, { jsonrpc: "2.0", id: 12, method: "prompts/get", params: { name: "p", arguments: { n: 1 } } }, -32602, /"arguments" must be an object of strings/],
    ] as const) {
      const response = await fetch(listener.url, { method: "POST", headers: session, body: JSON.stringify(frame) });
      expect(response.status).to.equal(400);
      const body = (await response.json()) as { id: unknown; error: { code: number; message: string } };
      expect(body.id).to.equal(id);
      expect(body.error.code).to.equal(code);
      expect(body.error.message).to.match(message);
    }
  });
});

describe("2025 session bounds", () => {
  /** Resolves once `condition` holds, checking every few milliseconds; fails past `limitMs`. */
  async function eventually(condition: () => boolean, limitMs = 5_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async function openSession(url: string): Promise<Record<string, string>> {
    const response = await fetch(url, { method: "POST", headers: JSON_AND_SSE, body: INITIALIZE });
    await response.text();
    const headers = { ...JSON_AND_SSE, "mcp-session-id": response.headers.get("mcp-session-id")!, "mcp-protocol-version": "2025-11-25" };
    await (await fetch(url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) })).text();
    return headers;
  }

  it("closes a session left idle, but not one whose client keeps a stream open", async () => {
    const app = new McpApplication({ name: "idle", services: [Echo] });
    const listener = await app.listenHttp({ port: 0, sessionIdleMs: 50 });
    const listening = new AbortController();
    try {
      const idle = await openSession(listener.url);
      const busy = await openSession(listener.url);
      const stream = await fetch(listener.url, { method: "GET", headers: { ...busy, accept: "text/event-stream" }, signal: listening.signal });
      expect(stream.status).to.equal(200);
      await eventually(() => listener.sessionCount === 1);
      const expired = await fetch(listener.url, { method: "POST", headers: idle, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
      expect(expired.status).to.equal(404);
      expect(((await expired.json()) as { error: { message: string } }).error.message).to.match(/initialize a new session/);
      const alive = await fetch(listener.url, { method: "POST", headers: busy, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });
      expect(alive.status).to.equal(200);
      expect(await alive.text()).to.include('"echo"');
    } finally {
      listening.abort();
      await app.close();
    }
  });

  it("keeps a session's replayable events within their byte budget", async () => {
    const { MemoryEventStore } = await import("../../lib/index.js");
    const store = new MemoryEventStore(1000, 10_000);
    const big = { jsonrpc: "2.0" as const, method: "notifications/message", params: { level: "info", data: "x".repeat(3_000) } };
    for (let i = 0; i < 20; i++) await store.storeEvent("s", big);
    expect(store.size.bytes).to.be.at.most(10_000);
    expect(store.size.events).to.equal(3);
    const replayed: string[] = [];
    const first = await store.storeEvent("s", { jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "small" } });
    await store.storeEvent("s", { jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "after" } });
    await store.replayEventsAfter(first, { send: async (id) => void replayed.push(id) });
    expect(replayed).to.have.length(1);
  });
});

describe("refused requests in stateless 2025 mode", () => {
  it("name the request's id, as with sessions, before any server is made", async () => {
    const app = new McpApplication({ name: "stateless-refusals", services: [Echo] });
    const listener = await app.listenHttp({ port: 0, stateless: true });
    try {
      const notAcceptable = await fetch(listener.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 21, method: "tools/list" }) });
      expect(notAcceptable.status).to.equal(406);
      expect(await notAcceptable.json()).to.deep.include({ id: 21 });
      const badLevel = await fetch(listener.url, { method: "POST", headers: JSON_AND_SSE, body: JSON.stringify({ jsonrpc: "2.0", id: 22, method: "logging/setLevel", params: { level: "loud" } }) });
      expect(badLevel.status).to.equal(400);
      const body = (await badLevel.json()) as { id: unknown; error: { code: number; message: string } };
      expect(body).to.deep.include({ id: 22 });
      expect(body.error).to.deep.include({ code: -32602 });
      expect(body.error.message).to.match(/"level" must be one of debug, info/);
    } finally {
      await app.close();
    }
  });
});
