import { expect } from "chai";
import { ApiKeyVerifier, currentCall, IntrospectionVerifier, McpApplication, RequireScopes, Tool } from "../../lib/index.js";
import { AuthorizationServer, type OAuthClient } from "./authorization-server.js";
import { postToolCall } from "./support.js";

const EMPTY = { input: { type: "object", properties: {} } } as const;
const reader: OAuthClient = { id: "reader", secret: "reader-secret", scopes: ["orders:read"] };
// The MCP server's own credentials, for introspection.
const server: OAuthClient = { id: "mcp-server", secret: "server-secret", scopes: [] };

class Orders {
  @Tool(EMPTY)
  @RequireScopes("orders:read")
  async listOrders() {
    return `orders of ${currentCall()?.principal?.subject}`;
  }

  @Tool(EMPTY)
  @RequireScopes("orders:write")
  async cancelOrder() {
    return "cancelled";
  }
}

describe("token verifiers other than JWT", () => {
  it("checks opaque tokens by introspection at the authorization server (RFC 7662)", async () => {
    const as = await AuthorizationServer.start([reader, server]);
    const verifier = new IntrospectionVerifier({ endpoint: as.introspectionEndpoint, clientId: server.id, clientSecret: server.secret, issuer: as.issuer });
    const app = new McpApplication({ name: "opaque", services: [Orders], auth: { verifier } });
    const listener = await app.listenHttp({ port: 0, path: "/opaque" });
    try {
      const token = await as.token(reader, { resource: listener.url });
      expect(token.split("."), "an opaque token, not a JWT").to.have.length(1);
      const ok = await postToolCall(listener.url, "listOrders", token);
      expect(ok.status).to.equal(200);
      expect(ok.body.result.content[0].text).to.equal("orders of reader");
      expect((await postToolCall(listener.url, "cancelOrder", token)).status).to.equal(403);
      const unknown = await postToolCall(listener.url, "listOrders", "not-a-token-the-server-issued");
      expect(unknown.status).to.equal(401);
      expect(unknown.challenge).to.include("not active");
      const elsewhere = await postToolCall(listener.url, "listOrders", await as.token(reader, { resource: "http://127.0.0.1:1/opaque" }));
      expect(elsewhere.status, "a token for another resource").to.equal(401);
      await as.stop();
      const down = await postToolCall(listener.url, "listOrders", token);
      expect(down.status, "the authorization server is down").to.equal(503);
      expect(down.retryAfter).to.equal("5");
    } finally {
      await app.close();
      await as.stop();
    }
  });

  it("accepts API keys, each standing for a fixed principal", async () => {
    const verifier = new ApiKeyVerifier({ "key-of-the-reports-job": { subject: "reports-job", scopes: ["orders:read"] } });
    const app = new McpApplication({ name: "keys", services: [Orders], auth: { verifier } });
    const listener = await app.listenHttp({ port: 0 });
    try {
      const ok = await postToolCall(listener.url, "listOrders", "key-of-the-reports-job");
      expect(ok.status).to.equal(200);
      expect(ok.body.result.content[0].text).to.equal("orders of reports-job");
      expect((await postToolCall(listener.url, "cancelOrder", "key-of-the-reports-job")).status).to.equal(403);
      expect((await postToolCall(listener.url, "listOrders", "key-of-the-reports-jo")).status).to.equal(401);
      // No authorization server: the metadata document names only the resource and its scopes.
      const document = (await (await fetch(new URL("/.well-known/oauth-protected-resource", listener.url))).json()) as Record<string, unknown>;
      expect(document).to.deep.include({ resource: listener.url, scopes_supported: ["orders:read", "orders:write"] });
      expect(document).to.not.have.property("authorization_servers");
    } finally {
      await app.close();
    }
  });
});
