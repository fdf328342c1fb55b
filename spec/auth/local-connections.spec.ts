import { expect } from "chai";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { authFromEnvironment, currentCall, McpApplication, RequireScopes, Tool, type AuthOptions } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

const EMPTY = { input: { type: "object", properties: {} } } as const;

class Reports {
  @Tool(EMPTY)
  @RequireScopes("reports:read")
  async report() {
    return `report for ${currentCall()?.principal?.subject ?? "the local user"}`;
  }

  @Tool(EMPTY)
  async ping() {
    return "pong";
  }
}

async function connect(auth: AuthOptions, scopes?: string[]) {
  const app = new McpApplication({ name: "local", services: [Reports], auth });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await app.connect(serverSide, scopes && { authInfo: { token: "", clientId: "cli", scopes, extra: { sub: "ada" } } });
  const client = new Client({ name: "spec", version: "1" });
  await client.connect(clientSide);
  return { client, close: () => client.close().then(() => app.close()) };
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (e: { code?: number; message: string }) => e);

describe("scopes on local connections (stdio, in memory), where no token travels", () => {
  it('lets a connection without a principal use scoped handlers when auth.local is "allow" (the default)', async () => {
    const { client, close } = await createTestClient({ name: "allow", services: [Reports], auth: {} });
    try {
      expect((await client.callTool({ name: "report", arguments: {} })).content).to.deep.equal([{ type: "text", text: "report for the local user" }]);
    } finally {
      await close();
    }
  });

  it('refuses scoped handlers to a connection without a principal when auth.local is "require", and lists them only to callers who may use them', async () => {
    const { client, close } = await createTestClient({ name: "require", services: [Reports], auth: { local: "require", hideForbidden: true } });
    try {
      const error = await errorOf(client.callTool({ name: "report", arguments: {} }));
      expect(error?.code).to.equal(-32003);
      expect(error?.message).to.include("reports:read").and.include("no principal");
      expect((await client.callTool({ name: "ping", arguments: {} })).content).to.deep.equal([{ type: "text", text: "pong" }]);
      expect((await client.listTools()).tools.map((t) => t.name)).to.deep.equal(["ping"]);
    } finally {
      await close();
    }
  });

  it("checks a connection's configured principal like a token", async () => {
    const granted = await connect({ local: "require" }, ["reports:read"]);
    const lacking = await connect({ local: "require" }, ["other:read"]);
    try {
      expect((await granted.client.callTool({ name: "report", arguments: {} })).content).to.deep.equal([{ type: "text", text: "report for ada" }]);
      const refused = (await errorOf(lacking.client.callTool({ name: "report", arguments: {} }))) as { message: string; data?: unknown } | undefined;
      expect(refused?.message).to.include("lacks scope reports:read");
      expect(refused?.data).to.deep.equal({ requiredScopes: ["reports:read"], missingScopes: ["reports:read"] });
    } finally {
      await granted.close();
      await lacking.close();
    }
  });

  it("reads the stdio principal and policy from the environment", () => {
    expect(authFromEnvironment({})).to.equal(undefined);
    expect(authFromEnvironment({ AUTH_LOCAL: "require", MCP_SUBJECT: "ada", MCP_SCOPES: "reports:read, orders:read" })).to.deep.include({
      local: "require",
      localPrincipal: { subject: "ada", scopes: ["reports:read", "orders:read"] },
    });
    expect(() => authFromEnvironment({ MCP_SCOPES: "reports:read" })).to.throw(/MCP_SUBJECT/);
  });

  it("gives a stdio server process its principal from MCP_SUBJECT and MCP_SCOPES", async function () {
    this.timeout(20_000);
    const main = fileURLToPath(new URL("../../samples/flagship/main.js", import.meta.url));
    const run = async (env: Record<string, string>) => {
      const child = spawn(process.execPath, [main], { env: { ...process.env, MYSQL_URL: "", REDIS_URL: "", CARRIER_API_URL: "", AUTH_LOCAL: "require", ...env }, stdio: ["pipe", "pipe", "pipe"] });
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const send = (message: object) => child.stdin!.write(JSON.stringify(message) + "\n");
      send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
      await lines.next();
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_user", arguments: { id: 2 } } });
      const answer = JSON.parse((await lines.next()).value as string) as { result?: unknown; error?: { code: number; message: string } };
      child.stdin!.end();
      return answer;
    };
    const anonymous = await run({});
    expect(anonymous.error?.code).to.equal(-32003);
    const desk = await run({ MCP_SUBJECT: "support-desk", MCP_SCOPES: "customers:read" });
    expect(JSON.stringify(desk.result)).to.include('\\"id\\":2');
  });
});

describe("@RequireScopes usage and the principal in interceptors", () => {
  it("refuses a decorator without scopes or with a scope that is not an OAuth scope", () => {
    const declare = (scopes: string[]) => () => {
      class Bad {
        @RequireScopes(...(scopes as [string]))
        async tool() {
          return 1;
        }
      }
      return Bad;
    };
    expect(declare([])).to.throw(/@RequireScopes on Bad\.tool: no scope is given/);
    expect(declare(["orders read"])).to.throw(/"orders read" is not an OAuth scope/);
  });

  it("lets interceptors read the principal and the handler, and refuses before they run", async () => {
    const seen: string[] = [];
    const app = new McpApplication({
      name: "intercepted",
      services: [Reports],
      auth: { local: "require" },
      interceptors: [
        async (invocation, next) => {
          seen.push(`${invocation.handler.name} by ${invocation.context.principal?.subject ?? "nobody"}`);
          return next();
        },
      ],
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await app.connect(serverSide, { authInfo: { token: "", clientId: "cli", scopes: ["other:read"], extra: { sub: "ada" } } });
    const client = new Client({ name: "spec", version: "1" });
    await client.connect(clientSide);
    try {
      await client.callTool({ name: "ping", arguments: {} });
      expect((await errorOf(client.callTool({ name: "report", arguments: {} })))?.code).to.equal(-32003);
      expect(seen).to.deep.equal(["ping by ada"]);
    } finally {
      await client.close();
      await app.close();
    }
  });
});
