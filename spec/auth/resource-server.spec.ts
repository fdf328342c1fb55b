import { expect } from "chai";
import { Cached, currentCall, McpApplication, Prompt, RequireScopes, Resource, Tool, type AuthOptions, type HttpListener } from "../../lib/index.js";
import { AuthorizationServer, type OAuthClient } from "./authorization-server.js";
import { connectWithToken, postModern, postToolCall, textOf } from "./support.js";

const EMPTY = { input: { type: "object", properties: {} } } as const;
const reader: OAuthClient = { id: "reader", secret: "reader-secret", scopes: ["orders:read"] };
const other: OAuthClient = { id: "other", secret: "other-secret", scopes: ["orders:read"] };
const writer: OAuthClient = { id: "writer", secret: "writer-secret", scopes: ["orders:read", "orders:write"] };

let runs = 0;

@RequireScopes("orders:read")
class OrderTools {
  @Tool(EMPTY)
  async whoami() {
    const principal = currentCall()?.principal;
    return { subject: principal?.subject, clientId: principal?.clientId, scopes: principal?.scopes };
  }

  @Tool(EMPTY)
  @Cached("1m")
  async myRun() {
    return `${currentCall()?.principal?.subject} run ${++runs}`;
  }

  @Tool(EMPTY)
  @RequireScopes("orders:write")
  async cancelOrder() {
    return "cancelled";
  }
}

class OpenTools {
  @Tool(EMPTY)
  async ping() {
    return "pong";
  }
}

@RequireScopes("orders:write")
class OrderAdmin {
  @Resource({ uriTemplate: "refunds://{id}", name: "refund" })
  async refund(id: string) {
    return `refund ${id}`;
  }

  @Prompt({ name: "refund_letter" })
  async refundLetter() {
    return "Dear customer";
  }
}

/** A 2025 session opened by hand: initialize, then one tools/call (with `callToken`, default the same), so the spec sees the HTTP answer. */
async function legacyToolCall(url: string, token: string, name: string, callToken = token) {
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}` };
  const init = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } }),
  });
  await init.text();
  const session = { ...headers, "mcp-session-id": init.headers.get("mcp-session-id")!, "mcp-protocol-version": "2025-11-25" };
  await (await fetch(url, { method: "POST", headers: session, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) })).text();
  const response = await fetch(url, { method: "POST", headers: { ...session, authorization: `Bearer ${callToken}` }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } }) });
  return { status: response.status, challenge: response.headers.get("www-authenticate"), body: await response.text() };
}

describe("OAuth resource server (a real authorization server issuing JWT access tokens)", () => {
  let as: AuthorizationServer;
  let app: McpApplication;
  let listener: HttpListener;
  const token = (client: OAuthClient, scope?: string) => as.token(client, { resource: listener.url, scope });

  before(async () => {
    as = await AuthorizationServer.start([reader, other, writer]);
    app = new McpApplication({ name: "orders", services: [OrderTools, OpenTools, OrderAdmin], auth: { issuer: as.issuer, hideForbidden: true, jwt: { cooldownMs: 0, typ: "at+jwt" } } });
    listener = await app.listenHttp({ port: 0 });
  });
  after(async () => {
    await app?.close();
    await as?.stop();
  });

  it("publishes its Protected Resource Metadata at the well-known path and its path-suffixed form", async () => {
    const origin = new URL(listener.url).origin;
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await fetch(origin + path);
      expect(response.status, path).to.equal(200);
      const document = (await response.json()) as Record<string, unknown>;
      expect(document).to.include({ resource: listener.url });
      expect(document.authorization_servers).to.deep.equal([as.issuer]);
      expect(document.scopes_supported).to.have.members(["orders:read", "orders:write"]);
    }
  });

  it("answers a request without a token with 401 and a challenge that names the metadata", async () => {
    const answer = await postToolCall(listener.url, "ping");
    expect(answer.status).to.equal(401);
    expect(answer.challenge).to.match(/^Bearer /);
    expect(answer.challenge).to.include(`resource_metadata="${new URL(listener.url).origin}/.well-known/oauth-protected-resource/mcp"`);
  });

  for (const era of ["modern", "legacy"] as const) {
    it(`serves a valid token's caller, whose principal the tool reads from currentCall() (${era})`, async () => {
      const client = await connectWithToken(listener.url, await token(writer), era);
      try {
        expect(JSON.parse(textOf(await client.callTool({ name: "whoami", arguments: {} })))).to.deep.equal({ subject: "writer", clientId: "writer", scopes: ["orders:read", "orders:write"] });
        expect(textOf(await client.callTool({ name: "cancelOrder", arguments: {} }))).to.equal("cancelled");
      } finally {
        await client.close();
      }
    });

    it(`lists only what each principal may use (${era})`, async () => {
      const readerClient = await connectWithToken(listener.url, await token(reader), era);
      const writerClient = await connectWithToken(listener.url, await token(writer), era);
      try {
        const names = async (client: typeof readerClient) => (await client.listTools()).tools.map((t) => t.name).sort();
        expect(await names(readerClient)).to.deep.equal(["myRun", "ping", "whoami"]);
        expect(await names(writerClient)).to.deep.equal(["cancelOrder", "myRun", "ping", "whoami"]);
      } finally {
        await readerClient.close();
        await writerClient.close();
      }
    });
  }

  it("advertises filtered lists as private to 2026-07-28 clients", async () => {
    const answer = await postModern(listener.url, "tools/list", {}, await token(reader));
    expect(answer.body.result.cacheScope).to.equal("private");
  });

  it("refuses a call missing a scope with 403 and an insufficient_scope challenge naming it, in both eras", async () => {
    const modern = await postToolCall(listener.url, "cancelOrder", await token(reader));
    expect(modern.status).to.equal(403);
    expect(modern.challenge).to.include('error="insufficient_scope"').and.include('scope="orders:read orders:write"').and.include("resource_metadata=");
    expect(modern.body.error.code).to.equal(-32003);
    expect(modern.body.error.message).to.include("orders:write");
    expect(modern.body.error.data).to.deep.equal({ requiredScopes: ["orders:read", "orders:write"], missingScopes: ["orders:write"] });

    const legacy = await legacyToolCall(listener.url, await token(reader), "cancelOrder");
    expect(legacy.status).to.equal(403);
    expect(legacy.challenge).to.include('error="insufficient_scope"').and.include('scope="orders:read orders:write"');
  });

  it("binds a 2025 session to the principal that opened it", async () => {
    expect((await legacyToolCall(listener.url, await token(reader), "ping")).status).to.equal(200);
    const hijack = await legacyToolCall(listener.url, await token(reader), "ping", await token(other));
    expect(hijack.status).to.equal(404);
    expect(hijack.body).to.include("Session not found");
  });

  it("applies a class's scopes to its resources and prompts: refused with 403, left out of the lists", async () => {
    const read = await postModern(listener.url, "resources/read", { uri: "refunds://7" }, await token(reader));
    expect(read.status).to.equal(403);
    expect(read.challenge).to.include('scope="orders:write"');
    expect((await postModern(listener.url, "prompts/get", { name: "refund_letter" }, await token(reader))).status).to.equal(403);
    const allowed = await postModern(listener.url, "resources/read", { uri: "refunds://7" }, await token(writer), "refunds://7");
    expect(allowed.body.result?.contents[0].text, JSON.stringify(allowed.body)).to.equal("refund 7");
    const readerClient = await connectWithToken(listener.url, await token(reader), "modern");
    const writerClient = await connectWithToken(listener.url, await token(writer), "modern");
    try {
      expect((await readerClient.listResourceTemplates()).resourceTemplates).to.deep.equal([]);
      expect((await readerClient.listPrompts()).prompts).to.deep.equal([]);
      expect((await writerClient.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).to.deep.equal(["refunds://{id}"]);
      expect((await writerClient.listPrompts()).prompts.map((p) => p.name)).to.deep.equal(["refund_letter"]);
    } finally {
      await readerClient.close();
      await writerClient.close();
    }
  });

  it("never serves one principal's cached result to another calling the same @Cached tool", async () => {
    const clients = await Promise.all([connectWithToken(listener.url, await token(reader), "modern"), connectWithToken(listener.url, await token(other), "legacy")]);
    try {
      const call = async (i: number) => textOf(await clients[i]!.callTool({ name: "myRun", arguments: {} }));
      const first = await call(0);
      expect(first).to.match(/^reader run \d+$/);
      expect(await call(1)).to.match(/^other run \d+$/);
      expect(await call(0), "the reader's entry is reused").to.equal(first);
      // A fresh token of the same principal reaches the same entry: keys are the subject, not the token.
      const again = await connectWithToken(listener.url, await token(reader), "legacy");
      expect(textOf(await again.callTool({ name: "myRun", arguments: {} }))).to.equal(first);
      await again.close();
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it("refuses a token issued for another resource (audience)", async () => {
    const answer = await postToolCall(listener.url, "ping", await as.token(reader, { resource: "http://127.0.0.1:1/mcp" }));
    expect(answer.status).to.equal(401);
    expect(answer.challenge).to.include('error="invalid_token"').and.include("not issued for this resource");
  });

  it("refuses a token whose signature does not match its claims", async () => {
    const [header, payload, signature] = (await token(reader)).split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, scope: "orders:read orders:write" })).toString("base64url");
    const answer = await postToolCall(listener.url, "cancelOrder", `${header}.${widened}.${signature}`);
    expect(answer.status).to.equal(401);
    expect(answer.challenge).to.include("signature is not valid");
  });

  it("refuses a token of another issuer, even one signed with a key it trusts", async () => {
    const tenant = await AuthorizationServer.start([reader], as);
    try {
      const answer = await postToolCall(listener.url, "ping", await tenant.token(reader, { resource: listener.url }));
      expect(answer.status).to.equal(401);
      expect(answer.challenge).to.include("another authorization server");
    } finally {
      await tenant.stop();
    }
  });

  it("accepts tokens signed with a key rotated in mid-run, and those of the previous key", async () => {
    const before = await token(reader);
    expect((await postToolCall(listener.url, "ping", before)).status).to.equal(200);
    await as.rotateKeys();
    const after = await token(reader);
    expect(JSON.parse(Buffer.from(after.split(".")[0]!, "base64url").toString()).kid).to.not.equal(JSON.parse(Buffer.from(before.split(".")[0]!, "base64url").toString()).kid);
    expect((await postToolCall(listener.url, "ping", after)).status).to.equal(200);
    expect((await postToolCall(listener.url, "ping", before)).status).to.equal(200);
  });
});

describe("OAuth resource server: time, outages and startup", () => {
  let as: AuthorizationServer;
  before(async () => (as = await AuthorizationServer.start([reader])));
  after(async () => await as?.stop());

  /** What a server with these JWT settings answers to a fresh token of the issuer. */
  async function answerWith(jwt: NonNullable<AuthOptions["jwt"]>) {
    const app = new McpApplication({ name: "jwt-settings", services: [OpenTools], auth: { issuer: as.issuer, jwt } });
    const listener = await app.listenHttp({ port: 0 });
    try {
      return await postToolCall(listener.url, "ping", await as.token(reader, { resource: listener.url }));
    } finally {
      await app.close();
    }
  }

  it("refuses an expired token", async () => {
    // The server's clock is an hour ahead: the token (valid ten minutes) expired long ago.
    const answer = await answerWith({ clock: () => Date.now() + 3_600_000 });
    expect(answer.status).to.equal(401);
    expect(answer.challenge).to.include("expired");
  });

  it("refuses a token whose typ header is not the one it is told to accept", async () => {
    // The issuer types its access tokens "at+jwt" (RFC 9068); a server expecting another type refuses them.
    const answer = await answerWith({ typ: "JWT" });
    expect(answer.status).to.equal(401);
    expect(answer.challenge).to.include("not an access token");
  });

  it("stops at startup with a clear error when the issuer cannot be reached", async () => {
    const app = new McpApplication({ name: "unreachable", services: [OpenTools], auth: { issuer: "http://127.0.0.1:1" } });
    try {
      const error = await app.listenHttp({ port: 0 }).then(() => undefined, (e: Error) => e);
      expect(error?.name).to.equal("AuthStartupError");
      expect(error?.message).to.include("http://127.0.0.1:1 could not be reached").and.include("Fix:");
    } finally {
      await app.close();
    }
  });

  it("answers 503 with Retry-After when the keys cannot be fetched later, and keeps serving", async () => {
    const issuer = await AuthorizationServer.start([reader]);
    const app = new McpApplication({ name: "outage", services: [OpenTools], auth: { issuer: issuer.issuer, retryAfterSeconds: 7, jwt: { cooldownMs: 0 } } });
    const listener = await app.listenHttp({ port: 0 });
    try {
      const known = await issuer.token(reader, { resource: listener.url });
      await issuer.rotateKeys();
      const unknownKey = await issuer.token(reader, { resource: listener.url });
      await issuer.stop();
      const answer = await postToolCall(listener.url, "ping", unknownKey);
      expect(answer.status).to.equal(503);
      expect(answer.retryAfter).to.equal("7");
      expect(answer.body.error.message).to.include("retry");
      expect((await postToolCall(listener.url, "ping", known)).status, "a token of a cached key still works").to.equal(200);
    } finally {
      await app.close();
    }
  });

  it("refuses options it cannot use when the application is created", () => {
    expect(() => new McpApplication({ name: "bad", services: [], auth: { issuer: "http://auth.example.com" } })).to.throw(/auth\.issuer.*not HTTPS/);
    expect(() => new McpApplication({ name: "bad", services: [], auth: { issuer: "https://a.example.com", requiredScopes: ["two words"] } })).to.throw(/auth\.requiredScopes/);
  });
});
