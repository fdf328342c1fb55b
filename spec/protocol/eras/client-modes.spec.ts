import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client as Client2025 } from "mcp-sdk-2025/client/index.js";
import { StdioClientTransport as StdioClientTransport2025 } from "mcp-sdk-2025/client/stdio.js";
import { StreamableHTTPClientTransport as StreamableHTTPClientTransport2025 } from "mcp-sdk-2025/client/streamableHttp.js";
import { firstText, startHttpProcess, type HttpProcess } from "./support.js";

const FLAGSHIP = fileURLToPath(new URL("../../../samples/flagship/main.js", import.meta.url));
// A fresh machine: no database, cache or carrier configured.
const FLAGSHIP_ENV = { ...process.env, MYSQL_URL: "", REDIS_URL: "", CARRIER_API_URL: "" } as Record<string, string>;
const TOOLS = ["export_orders", "get_user", "get_users", "search_users", "track_order"];
const PROTOCOL_VERSION_META_KEY = "io.modelcontextprotocol/protocolVersion";

type Mode = "legacy" | "auto" | { pin: "2026-07-28" };
/** The three negotiation modes of the v2 client, and the era each must end up in against mcpkit. */
const MODES: { label: string; mode?: Mode; era: "legacy" | "modern"; version: string }[] = [
  { label: "the default mode", mode: undefined, era: "legacy", version: "2025-11-25" },
  { label: "mode auto", mode: "auto", era: "modern", version: "2026-07-28" },
  { label: "mode pinned to 2026-07-28", mode: { pin: "2026-07-28" }, era: "modern", version: "2026-07-28" },
];

interface SentMessage {
  method?: string;
  params?: { _meta?: Record<string, unknown>; protocolVersion?: string };
}

/** Records every message the client sends through `transport`, in order. */
function recordSent<T extends object>(transport: T): { transport: T; sent: SentMessage[] } {
  const sent: SentMessage[] = [];
  const sending = transport as unknown as { send: (message: unknown, options?: unknown) => Promise<void> };
  const send = sending.send.bind(transport);
  sending.send = (message, options) => {
    sent.push(message as SentMessage);
    return send(message, options);
  };
  return { transport, sent };
}

function v2Client(mode: Mode | undefined): Client {
  return new Client({ name: "spec-v2", version: "1.0.0" }, mode === undefined ? {} : { versionNegotiation: { mode } });
}

/** What the flagship's get_user answers for customer 2, checked in every client's own result shape. */
function expectCustomer2(answer: unknown) {
  const result = answer as { structuredContent?: unknown; isError?: boolean };
  expect(result.isError, firstText(result)).to.not.equal(true);
  const customer = JSON.parse(firstText(result)) as { id: number; name: string; email: string };
  expect(customer.id).to.equal(2);
  expect(customer.name).to.be.a("string").and.not.equal("");
  expect(customer.email).to.match(/@example\.com$/);
  expect(result.structuredContent).to.deep.equal(customer);
}

/** The era the wire shows: a 2025 client opens with initialize; a 2026-07-28 one never does and stamps every request. */
function expectWireEra(sent: SentMessage[], era: "legacy" | "modern") {
  const requests = sent.filter((m) => m.method !== undefined && !m.method.startsWith("notifications/"));
  if (era === "legacy") {
    expect(requests[0]!.method).to.equal("initialize");
    for (const request of requests) expect(request.params?._meta?.[PROTOCOL_VERSION_META_KEY], request.method).to.equal(undefined);
  } else {
    expect(requests.map((m) => m.method)).to.not.include("initialize");
    for (const request of requests) expect(request.params?._meta?.[PROTOCOL_VERSION_META_KEY], request.method).to.equal("2026-07-28");
  }
  expect(requests.map((m) => m.method)).to.include.members(["tools/list", "tools/call"]);
}

describe("the flagship sample with every kind of client", function () {
  this.timeout(20_000);

  // A process per client. In modes auto and pinned, the v2 client first probes the era with
  // server/discover on a short-lived sibling process it spawns from the same command.
  describe("over stdio (a process per client)", () => {
    for (const { label, mode, era, version } of MODES) {
      it(`serves the v2 client in ${label}: negotiates ${era}, lists the tools and calls get_user`, async () => {
        const client = v2Client(mode);
        const { transport, sent } = recordSent(new StdioClientTransport({ command: process.execPath, args: [FLAGSHIP], env: FLAGSHIP_ENV, stderr: "pipe" }));
        try {
          await client.connect(transport);
          expect(client.getProtocolEra()).to.equal(era);
          expect(client.getNegotiatedProtocolVersion()).to.equal(version);
          expect(client.getServerVersion()).to.include({ name: "mcpkit-shop" });
          expect((await client.listTools()).tools.map((t) => t.name).sort()).to.deep.equal(TOOLS);
          expectCustomer2(await client.callTool({ name: "get_user", arguments: { id: 2 } }));
          expectWireEra(sent, era);
        } finally {
          await client.close();
        }
      });
    }

    it("serves a 2025 client (the v1 SDK): initializes, lists the tools and calls get_user and get_users", async () => {
      const client = new Client2025({ name: "spec-v1", version: "1.0.0" });
      const { transport, sent } = recordSent(new StdioClientTransport2025({ command: process.execPath, args: [FLAGSHIP], env: FLAGSHIP_ENV, stderr: "pipe" }));
      try {
        await client.connect(transport);
        expect(sent[0]).to.deep.include({ method: "initialize" });
        expect(sent[0]!.params!.protocolVersion).to.equal("2025-11-25");
        expect(client.getServerVersion()).to.include({ name: "mcpkit-shop" });
        expect(client.getServerCapabilities()).to.have.property("tools");
        expect((await client.listTools()).tools.map((t) => t.name).sort()).to.deep.equal(TOOLS);
        expectCustomer2(await client.callTool({ name: "get_user", arguments: { id: 2 } }));
        const many = (await client.callTool({ name: "get_users", arguments: { ids: [3, 9999] } })).structuredContent as { users: { id: number }[]; missing: number[] };
        expect(many.users.map((u) => u.id)).to.deep.equal([3]);
        expect(many.missing).to.deep.equal([9999]);
        expectWireEra(sent, "legacy");
      } finally {
        await client.close();
      }
    });
    it("answers a server/discover probe without pinning the era: an initialize after it gets a 2025 session", async () => {
      const child = spawn(process.execPath, [FLAGSHIP], { env: FLAGSHIP_ENV, stdio: ["pipe", "pipe", "ignore"] });
      try {
        const exited = once(child, "exit");
        const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
        const exchange = async (message: object) => {
          child.stdin!.write(JSON.stringify(message) + "\n");
          return JSON.parse((await lines.next()).value as string) as { id: number; result: Record<string, unknown> };
        };
        const meta = { [PROTOCOL_VERSION_META_KEY]: "2026-07-28", "io.modelcontextprotocol/clientInfo": { name: "probe", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };
        const discovered = await exchange({ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: meta } });
        expect(discovered.result.supportedVersions).to.deep.equal(["2026-07-28"]);
        expect(discovered.result.capabilities).to.have.property("tools");

        const initialized = await exchange({ jsonrpc: "2.0", id: 2, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
        expect(initialized.result.protocolVersion).to.equal("2025-11-25");
        expect(initialized.result.serverInfo).to.include({ name: "mcpkit-shop" });
        child.stdin!.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
        const called = await exchange({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_user", arguments: { id: 2 } } });
        expect(called.id).to.equal(3);
        expectCustomer2(called.result);
        // A 2025 result: no 2026-07-28 result type.
        expect(called.result).to.not.have.property("resultType");
        child.stdin!.end();
        expect((await exited)[0]).to.equal(0);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    });
  });

  describe("over Streamable HTTP (one process for every client)", () => {
    let flagship: HttpProcess;
    before(async () => {
      flagship = await startHttpProcess(FLAGSHIP, ["--http", "--port", "0"], FLAGSHIP_ENV);
    });
    after(async () => {
      expect(await flagship?.stop()).to.equal(0);
    });

    for (const { label, mode, era, version } of MODES) {
      it(`serves the v2 client in ${label}: negotiates ${era}, lists the tools and calls get_user`, async () => {
        const client = v2Client(mode);
        const { transport, sent } = recordSent(new StreamableHTTPClientTransport(new URL(flagship.url)));
        try {
          await client.connect(transport);
          expect(client.getProtocolEra()).to.equal(era);
          expect(client.getNegotiatedProtocolVersion()).to.equal(version);
          expect(client.getServerVersion()).to.include({ name: "mcpkit-shop" });
          // A 2025 client holds a session; a 2026-07-28 one has none.
          expect(transport.sessionId === undefined).to.equal(era === "modern");
          expect((await client.listTools()).tools.map((t) => t.name).sort()).to.deep.equal(TOOLS);
          expectCustomer2(await client.callTool({ name: "get_user", arguments: { id: 2 } }));
          expectWireEra(sent, era);
        } finally {
          await client.close();
        }
      });
    }

    it("serves a 2025 client (the v1 SDK): initializes a session, lists the tools and calls get_user and get_users", async () => {
      const client = new Client2025({ name: "spec-v1", version: "1.0.0" });
      const { transport, sent } = recordSent(new StreamableHTTPClientTransport2025(new URL(flagship.url)));
      try {
        await client.connect(transport);
        expect(transport.protocolVersion).to.equal("2025-11-25");
        expect(transport.sessionId).to.be.a("string");
        expect(client.getServerVersion()).to.include({ name: "mcpkit-shop" });
        expect((await client.listTools()).tools.map((t) => t.name).sort()).to.deep.equal(TOOLS);
        expectCustomer2(await client.callTool({ name: "get_user", arguments: { id: 2 } }));
        const many = (await client.callTool({ name: "get_users", arguments: { ids: [3, 9999] } })).structuredContent as { users: { id: number }[]; missing: number[] };
        expect(many.users.map((u) => u.id)).to.deep.equal([3]);
        expect(many.missing).to.deep.equal([9999]);
        expectWireEra(sent, "legacy");
      } finally {
        await client.close();
      }
    });
  });
});
