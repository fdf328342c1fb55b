import { expect } from "chai";
import { connect } from "node:net";
import { PassThrough } from "node:stream";
import { McpApplication, StdioTransport, Tool } from "../../lib/index.js";
import { AnswerLog } from "./support/answers.js";

/**
 * Minimal reproductions of bugs the fuzz specs found. Each is skipped until it is fixed; the fuzz specs
 * tolerate these (and only these) unless MCPKIT_FUZZ_KNOWN_BUGS=1, which also makes them hit them.
 */

class Echo {
  @Tool({ input: { type: "object", properties: { text: { type: "string" }, id: { type: "number" } } } })
  async echo({ text }: { text?: string }) {
    return text ?? "";
  }
}

const INITIALIZE = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } };
const JSON_AND_SSE = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("fuzz findings (skipped until fixed)", () => {
  // lib/protocol/transports/stdio-frames.ts, refuseOversized(): the id of a line over maxMessageBytes is
  // the first `"id":` the regular expression finds among the bytes read when the line crossed the limit
  // (at most 4 KiB), not the frame's own top-level id. Also: an oversized notification with a nested
  // "id" gets an answer, and an oversized batch gets one answer, not one per request.
  it.skip("answers an oversized stdio line with its own id, not an id nested in its params, even when its id comes last", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const log = new AnswerLog(stdout);
    const app = new McpApplication({ name: "oversized", services: [Echo] });
    await app.connect(new StdioTransport(stdin, stdout, { maxMessageBytes: 1024, warn: () => undefined }));
    try {
      stdin.write(JSON.stringify(INITIALIZE) + "\n");
      await log.answer(0);
      stdin.write(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":"echo","arguments":{"id":3,"text":"${"x".repeat(2000)}"}},"id":1}\n`);
      stdin.write(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }) + "\n");
      await log.answer(2);
      // The refusal of line 1 is written before line 2 is read, so it is on stdout by now.
      expect(log.responses.get("1")?.length ?? 0, "answers naming the frame's id 1").to.equal(1);
      expect(log.responses.get("3")?.length ?? 0, "answers naming the nested argument id 3").to.equal(0);
    } finally {
      await app.close();
    }
  });

  // lib/protocol/transports/http-guards.ts, readJsonBody(): throwing out of `for await` over the request
  // destroys its stream once a chunked body passes the limit; the 413 still says keep-alive, but when
  // more than about 64 KiB of the refused body is still to come, nothing more is read from the connection
  // and the client's next request on it never gets an answer (Node's http.Agent reuses such a connection).
  it.skip("answers the next request on a keep-alive connection after refusing a chunked body over the limit", async function () {
    this.timeout(3_000);
    const app = new McpApplication({ name: "chunked", services: [Echo] });
    const { port } = await app.listenHttp({ port: 0, maxBodyBytes: 1024 });
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const statuses = () => received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    const waiting: { count: number; resolve: () => void }[] = [];
    socket.on("data", (data: Buffer) => {
      received += data.toString("utf8");
      for (const w of waiting.filter((w) => statuses().length >= w.count)) w.resolve();
    });
    const responses = (count: number) => new Promise<void>((resolve) => (statuses().length >= count ? resolve() : waiting.push({ count, resolve })));
    try {
      const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
      socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n${chunk("x".repeat(2048))}`);
      await responses(1);
      // The rest of the refused body, then a second request on the same connection.
      socket.write(`${chunk("x".repeat(256 * 1024))}0\r\n\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await responses(2);
      expect(statuses()).to.deep.equal(["HTTP/1.1 413", "HTTP/1.1 200"]);
    } finally {
      socket.destroy();
      await app.close();
    }
  });

  // lib/protocol/transports/legacy-sessions.ts: isInitialize() takes an `initialize` without an id; the
  // SDK's transport answers it 202 (a notification) with no Mcp-Session-Id, but the session it set up is
  // kept until sessionIdleMs (30 minutes by default). Each such POST adds one to health().connections.
  it.skip("opens no session for an initialize sent without an id", async () => {
    const app = new McpApplication({ name: "no-id", services: [Echo] });
    const listener = await app.listenHttp({ port: 0 });
    try {
      const { id: _, ...withoutId } = INITIALIZE;
      const response = await fetch(listener.url, { method: "POST", headers: JSON_AND_SSE, body: JSON.stringify(withoutId) });
      await response.text();
      expect(response.headers.get("mcp-session-id")).to.equal(null);
      expect(listener.sessionCount).to.equal(0);
      expect(app.health().connections).to.equal(0);
    } finally {
      await app.close();
    }
  });

  // lib/protocol/transports/legacy-sessions.ts: both refusals are sent with sendJsonRpcError() without
  // the id, although the body was parsed before and its id is usable.
  it.skip("names the request's id when refusing a 2025 request for its missing or unknown session", async () => {
    const app = new McpApplication({ name: "ids", services: [Echo] });
    const listener = await app.listenHttp({ port: 0 });
    try {
      const noSession = await fetch(listener.url, { method: "POST", headers: JSON_AND_SSE, body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/list" }) });
      expect(noSession.status).to.equal(400);
      expect(await noSession.json()).to.deep.include({ id: 7 });
      const unknown = await fetch(listener.url, { method: "POST", headers: { ...JSON_AND_SSE, "mcp-session-id": "unknown" }, body: JSON.stringify({ jsonrpc: "2.0", id: 8, method: "tools/list" }) });
      expect(unknown.status).to.equal(404);
      expect(await unknown.json()).to.deep.include({ id: 8 });
    } finally {
      await app.close();
    }
  });

  // The SDK's session transport (NodeStreamableHTTPServerTransport) refuses with "id": null: 406 (Accept),
  // 415 (Content-Type), 400 unsupported MCP-Protocol-Version, 400 "Server already initialized". mcpkit
  // has parsed the body by then and could check these itself, naming the id.
  it.skip("names the request's id when the 2025 session transport refuses a request's headers", async () => {
    const app = new McpApplication({ name: "sdk-ids", services: [Echo] });
    const listener = await app.listenHttp({ port: 0 });
    try {
      const init = await fetch(listener.url, { method: "POST", headers: JSON_AND_SSE, body: JSON.stringify(INITIALIZE) });
      await init.text();
      const session = { "mcp-session-id": init.headers.get("mcp-session-id")!, "mcp-protocol-version": "2025-11-25" };
      const refused = await fetch(listener.url, { method: "POST", headers: { ...session, "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }) });
      expect(refused.status).to.equal(406);
      expect(await refused.json()).to.deep.include({ id: 9 });
    } finally {
      await app.close();
    }
  });
});
