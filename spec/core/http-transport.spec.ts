import { expect } from "chai";
import { request } from "node:http";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { McpApplication, Service, Tool, type HttpListener } from "../../lib/index.js";

@Service()
class Clock {
  @Tool() async echo(text: string) {
    return text;
  }
}

/** A raw HTTP exchange, for the requests a well-behaved client would never send. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...options.headers } }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const initialize = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: "spec", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

describe("the Streamable HTTP transport", () => {
  describe("with sessions", () => {
    let app: McpApplication;
    let listener: HttpListener;
    before(async () => {
      app = new McpApplication({ name: "clock", services: [Clock] });
      listener = await app.listenHttp({ port: 0, maxBodyBytes: 1024 });
    });
    after(() => app.close());

    it("listens on 127.0.0.1 by default", () => {
      expect(listener.url).to.equal(`http://127.0.0.1:${listener.port}/mcp`);
    });

    it("serves several clients, each in its own session", async () => {
      const [a, b] = await Promise.all([connect(listener.url), connect(listener.url)]);
      try {
        expect(listener.sessionCount).to.equal(2);
        const [ra, rb] = await Promise.all([a.callTool({ name: "echo", arguments: { text: "a" } }), b.callTool({ name: "echo", arguments: { text: "b" } })]);
        expect(ra.content).to.deep.equal([{ type: "text", text: "a" }]);
        expect(rb.content).to.deep.equal([{ type: "text", text: "b" }]);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("refuses a Host header that is not a loopback name (DNS rebinding)", async () => {
      const response = await send(listener.url, { headers: { host: `evil.example:${listener.port}` }, body: initialize });
      expect(response.status).to.equal(403);
      expect(JSON.parse(response.body).error.message).to.include('Host header "evil.example');
    });

    it("refuses a foreign Origin", async () => {
      const response = await send(listener.url, { headers: { origin: "http://evil.example" }, body: initialize });
      expect(response.status).to.equal(403);
      expect(JSON.parse(response.body).error.message).to.include('Origin "http://evil.example" is not allowed');
    });

    it("accepts a loopback Origin", async () => {
      const response = await send(listener.url, { headers: { origin: "http://localhost:5173" }, body: initialize });
      expect(response.status).to.equal(200);
    });

    it("refuses a body over the size limit with 413", async () => {
      const response = await send(listener.url, { body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(2000) } }) });
      expect(response.status).to.equal(413);
      expect(JSON.parse(response.body).error.message).to.include("exceeds the limit of 1024 bytes");
    });

    it("answers a body that is not JSON with a parse error", async () => {
      const response = await send(listener.url, { body: "{oops" });
      expect(response.status).to.equal(400);
      expect(JSON.parse(response.body).error.code).to.equal(-32700);
    });

    it("answers an unknown session id with 404", async () => {
      const response = await send(listener.url, { headers: { "mcp-session-id": "no-such-session" }, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }) });
      expect(response.status).to.equal(404);
      expect(JSON.parse(response.body).error.message).to.include('"no-such-session" is unknown');
    });

    it("answers a request without a session that is not initialize with 400", async () => {
      const response = await send(listener.url, { body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });
      expect(response.status).to.equal(400);
    });

    it("answers other paths with 404", async () => {
      const response = await send(listener.url.replace("/mcp", "/other"), { body: initialize });
      expect(response.status).to.equal(404);
    });

    it("ends a session when the client deletes it", async () => {
      const client = await connect(listener.url);
      const before = listener.sessionCount;
      await (client.transport as StreamableHTTPClientTransport).terminateSession();
      expect(listener.sessionCount).to.equal(before - 1);
      await client.close();
    });
  });

  describe("stateless", () => {
    it("serves every request without a session", async () => {
      const app = new McpApplication({ name: "clock", services: [Clock] });
      const listener = await app.listenHttp({ port: 0, stateless: true });
      try {
        const client = await connect(listener.url);
        expect((await client.callTool({ name: "echo", arguments: { text: "x" } })).content).to.deep.equal([{ type: "text", text: "x" }]);
        expect(listener.sessionCount).to.equal(0);
        await client.close();
      } finally {
        await app.close();
      }
    });
  });

  it("closes its port when the application closes", async () => {
    const app = new McpApplication({ name: "clock", services: [Clock] });
    const listener = await app.listenHttp({ port: 0 });
    await app.close();
    let error: NodeJS.ErrnoException | undefined;
    await send(listener.url, { body: initialize }).catch((e) => (error = e));
    expect(error?.code).to.equal("ECONNREFUSED");
  });
});
