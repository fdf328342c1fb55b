import { expect } from "chai";
import { Client, ClientCredentialsProvider, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { HttpListener, McpApplication } from "../../lib/index.js";
import { createFlagshipApplication } from "../../samples/flagship/flagship-application.js";
import { AuthorizationServer, type OAuthClient } from "./authorization-server.js";
import { postToolCall, textOf } from "./support.js";

const support: OAuthClient = { id: "support-desk", secret: "support-secret", scopes: ["customers:read", "orders:read"] };

describe("the flagship with AUTH_ISSUER set, and the MCP client's OAuth support", () => {
  let as: AuthorizationServer;
  let app: McpApplication;
  let listener: HttpListener;

  before(async () => {
    as = await AuthorizationServer.start([support]);
    app = createFlagshipApplication({ env: { AUTH_ISSUER: as.issuer, AUTH_HIDE_FORBIDDEN: "true" } });
    listener = await app.listenHttp({ port: 0 });
  });
  after(async () => {
    await app?.close();
    await as?.stop();
  });

  for (const era of ["modern", "legacy"] as const) {
    it(`lets a client-credentials client find the authorization server from the 401, get a token and call (${era})`, async () => {
      const provider = new ClientCredentialsProvider({ clientId: support.id, clientSecret: support.secret, expectedIssuer: as.issuer, scope: support.scopes.join(" ") });
      const client = new Client({ name: "support-desk", version: "1" }, { versionNegotiation: { mode: era === "modern" ? { pin: "2026-07-28" } : "legacy" } });
      const requests: string[] = [];
      const fetchLogged: typeof fetch = (input, init) => {
        requests.push(`${init?.method ?? "GET"} ${new URL(String(input instanceof Request ? input.url : input)).pathname}`);
        return fetch(input, init);
      };
      await client.connect(new StreamableHTTPClientTransport(new URL(listener.url), { authProvider: provider, fetch: fetchLogged }));
      try {
        const user = JSON.parse(textOf(await client.callTool({ name: "get_user", arguments: { id: 1 } })));
        expect(user).to.include({ id: 1 });
        // Discovery happened: the metadata document, then the token endpoint, then the call with the token.
        expect(requests).to.include("GET /.well-known/oauth-protected-resource/mcp");
        expect(requests).to.include("POST /token");
        // The support desk has no orders:export: the export tool is not in its list.
        expect((await client.listTools()).tools.map((t) => t.name)).to.include("track_order").and.not.include("export_orders");
      } finally {
        await client.close();
      }
    });
  }

  it("refuses the export to a token without orders:export, naming the scope for step-up", async () => {
    const token = await as.token(support, { resource: listener.url });
    const answer = await postToolCall(listener.url, "export_orders", token, { status: "all" });
    expect(answer.status).to.equal(403);
    expect(answer.challenge).to.include('scope="orders:read orders:export"');
  });
});
