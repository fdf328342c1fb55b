import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Client, ProtocolError, SdkHttpError, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { McpApplication, Prompt, Resource, Service, Tool } from "../../../lib/index.js";
import { createTestClient } from "../../../lib/testing/index.js";
import { firstText, gate, settled, type Gate } from "./support.js";
import { MODERN_META } from "../../support/modern-meta.js";

/**
 * A tool, a resource and a prompt that each say when they started and then wait for the spec to
 * release them: the three kinds of call that shutdown must drain.
 */
function heldCalls() {
  const started = { tool: gate(), resource: gate(), prompt: gate() };
  const release = gate();
  @Service()
  class Held {
    @Tool() async heldTool(label: string) {
      started.tool.open();
      await release.promise;
      return `tool ${label} finished`;
    }

    @Resource({ uri: "held://report", mimeType: "text/plain" })
    async heldReport() {
      started.resource.open();
      await release.promise;
      return "report finished";
    }

    @Prompt() async heldPrompt(topic: string) {
      started.prompt.open();
      await release.promise;
      return `prompt about ${topic} finished`;
    }
  }
  return {
    Held,
    release,
    /** Resolves once all three methods are running. */
    allStarted: () => Promise.all([started.tool.promise, started.resource.promise, started.prompt.promise]),
  };
}

function startAll(client: Client) {
  return {
    tool: settled(client.callTool({ name: "heldTool", arguments: { label: "a" } })),
    resource: settled(client.readResource({ uri: "held://report" })),
    prompt: settled(client.getPrompt({ name: "heldPrompt", arguments: { topic: "drains" } })),
  };
}

async function expectAllAnswered(calls: ReturnType<typeof startAll>) {
  const [tool, resource, prompt] = await Promise.all([calls.tool, calls.resource, calls.prompt]);
  expect(tool, "tool call").to.have.property("value");
  expect(resource, "resource read").to.have.property("value");
  expect(prompt, "prompt get").to.have.property("value");
  const values = [tool, resource, prompt].map((s) => (s as { value: unknown }).value);
  expect((values[0] as { isError?: boolean }).isError).to.not.equal(true);
  expect(firstText(values[0])).to.equal("tool a finished");
  expect(firstText(values[1])).to.equal("report finished");
  expect(firstText(values[2])).to.equal("prompt about drains finished");
}

/** An HTTP request refused at the door during shutdown: 503 with a body saying why. */
function expectServiceUnavailable(outcome: { value: unknown } | { error: unknown }) {
  const error = (outcome as { error?: unknown }).error;
  expect(error).to.be.instanceOf(SdkHttpError);
  expect((error as SdkHttpError).status).to.equal(503);
  expect(String((error as SdkHttpError).data.text)).to.include("Service unavailable: the server is shutting down");
}

const SHUTTING_DOWN = /Server "drain" is shutting down and no longer accepts calls/;

describe("graceful shutdown drains every kind of call, in both eras", function () {
  for (const era of ["legacy", "modern"] as const) {
    it(`answers a tool call, a resource read and a prompt get in flight when close() starts, and refuses new calls (${era}, in memory)`, async () => {
      const held = heldCalls();
      const { client, app } = await createTestClient({ name: "drain", services: [held.Held] }, { era });
      let closing: Promise<void> | undefined;
      try {
        const calls = startAll(client);
        await held.allStarted();
        closing = app.close();
        expect(app.health()).to.include({ state: "closing", inFlight: 3 });

        // Shutdown began: every kind is refused, the held calls are not.
        const lateTool = await client.callTool({ name: "heldTool", arguments: { label: "late" } });
        expect(lateTool.isError).to.equal(true);
        expect(firstText(lateTool)).to.match(SHUTTING_DOWN);
        const lateRead = await settled(client.readResource({ uri: "held://report" }));
        expect(lateRead).to.have.property("error");
        expect((lateRead as { error: { code: number; message: string } }).error).to.include({ code: -32000 });
        expect((lateRead as { error: Error }).error.message).to.match(SHUTTING_DOWN);
        const latePrompt = await settled(client.getPrompt({ name: "heldPrompt", arguments: { topic: "late" } }));
        expect((latePrompt as { error: Error }).error.message).to.match(SHUTTING_DOWN);

        held.release.open();
        await expectAllAnswered(calls);
        await closing;
        expect(app.health()).to.include({ state: "closed", inFlight: 0 });
      } finally {
        held.release.open();
        await (closing ?? app.close());
        await client.close().catch(() => undefined);
      }
    });
  }

  describe("over Streamable HTTP", () => {
    for (const era of ["legacy", "modern"] as const) {
      it(`answers every kind of call in flight when close() starts, and refuses new calls (${era})`, async () => {
        const held = heldCalls();
        const app = new McpApplication({ name: "drain", services: [held.Held] });
        const listener = await app.listenHttp({ port: 0 });
        const client = new Client({ name: "spec", version: "1" }, { versionNegotiation: { mode: era === "modern" ? { pin: "2026-07-28" } : "legacy" } });
        let closing: Promise<void> | undefined;
        try {
          await client.connect(new StreamableHTTPClientTransport(new URL(listener.url)));
          expect(client.getProtocolEra()).to.equal(era);
          const calls = startAll(client);
          await held.allStarted();
          closing = app.close();

          if (era === "legacy") {
            // The open session keeps working, and its new calls are refused by the drain.
            const lateTool = await client.callTool({ name: "heldTool", arguments: { label: "late" } });
            expect(lateTool.isError).to.equal(true);
            expect(firstText(lateTool)).to.match(SHUTTING_DOWN);
            const lateRead = await settled(client.readResource({ uri: "held://report" }));
            expect((lateRead as { error: ProtocolError }).error).to.be.instanceOf(ProtocolError).with.property("code", -32000);
            expect((lateRead as { error: Error }).error.message).to.match(SHUTTING_DOWN);
          } else {
            // Every 2026-07-28 request stands alone: new ones get 503 at the door.
            const lateCalls: Promise<unknown>[] = [client.callTool({ name: "heldTool", arguments: { label: "late" } }), client.readResource({ uri: "held://report" })];
            for (const refused of await Promise.all(lateCalls.map((late) => settled(late)))) expectServiceUnavailable(refused);
          }
          // A client arriving now cannot connect at all.
          const newcomer = new Client({ name: "late", version: "1" }, { versionNegotiation: { mode: era === "modern" ? { pin: "2026-07-28" } : "legacy" } });
          const refusedConnect = await settled(newcomer.connect(new StreamableHTTPClientTransport(new URL(listener.url))));
          expectServiceUnavailable(refusedConnect);
          await newcomer.close().catch(() => undefined);

          held.release.open();
          await expectAllAnswered(calls);
          await closing;
        } finally {
          held.release.open();
          await (closing ?? app.close());
          await client.close().catch(() => undefined);
        }
      });
    }
  });

  describe("over stdio (a real process)", () => {
    const HELD_SERVER = fileURLToPath(new URL("../../fixtures/held-server.js", import.meta.url));
    type Response = { id: number; result?: Record<string, unknown>; error?: { code: number; message: string } };

    /** Spawns the held server and speaks raw JSON-RPC lines to it in one era. */
    async function startHeldServer(era: "legacy" | "modern") {
      const child = spawn(process.execPath, [HELD_SERVER], { stdio: ["pipe", "pipe", "pipe"] });
      const exited = once(child, "exit");
      const responses = new Map<number, Gate<Response>>();
      const responseOf = (id: number) => {
        if (!responses.has(id)) responses.set(id, gate<Response>());
        return responses.get(id)!;
      };
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const message = JSON.parse(line) as Response;
        if (typeof message.id === "number") responseOf(message.id).open(message);
      });
      const stderrLines = new Map<string, Gate>();
      const stderrLine = (text: string) => {
        if (!stderrLines.has(text)) stderrLines.set(text, gate());
        return stderrLines.get(text)!;
      };
      createInterface({ input: child.stderr! }).on("line", (line) => stderrLine(line).open());
      let nextId = 1;
      const request = (method: string, params: Record<string, unknown>): Promise<Response> => {
        const id = nextId++;
        child.stdin!.write(JSON.stringify({ jsonrpc: "2.0", id, method, params: era === "modern" ? { ...params, _meta: MODERN_META } : params }) + "\n");
        return responseOf(id).promise;
      };
      if (era === "legacy") {
        const initialized = await request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } });
        expect(initialized.result).to.have.property("protocolVersion", "2025-11-25");
        child.stdin!.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
      }
      return {
        child,
        exited,
        request,
        /** Resolves once the server wrote exactly this line on stderr. */
        stderrLine: (text: string) => stderrLine(text).promise,
        startAll: () => ({
          tool: request("tools/call", { name: "heldTool", arguments: { label: "a" } }),
          resource: request("resources/read", { uri: "held://report" }),
          prompt: request("prompts/get", { name: "heldPrompt", arguments: { topic: "drains" } }),
        }),
        /** Resolves once the tool, the resource and the prompt are all running. */
        allEntered: () => Promise.all(["tool", "resource", "prompt"].map((kind) => stderrLine(`held: ${kind} entered`).promise)),
      };
    }

    async function expectAllAnsweredOnTheWire(calls: { tool: Promise<Response>; resource: Promise<Response>; prompt: Promise<Response> }) {
      const [tool, resource, prompt] = await Promise.all([calls.tool, calls.resource, calls.prompt]);
      for (const response of [tool, resource, prompt]) expect(response.error, JSON.stringify(response.error)).to.equal(undefined);
      expect(tool.result).to.deep.include({ content: [{ type: "text", text: "tool a finished" }] });
      expect(firstText(resource.result)).to.equal("report finished");
      expect(firstText(prompt.result)).to.equal("prompt about drains finished");
    }

    for (const era of ["legacy", "modern"] as const) {
      it(`answers every kind of call in flight on SIGTERM and refuses a new one on the same connection (${era})`, async function () {
        this.timeout(20_000);
        const server = await startHeldServer(era);
        try {
          const calls = server.startAll();
          await server.allEntered();
          server.child.kill("SIGTERM");
          await server.stderrLine("held: SIGTERM, shutting down gracefully (send SIGTERM again to exit at once)");

          const late = await server.request("tools/call", { name: "heldTool", arguments: { label: "late" } });
          expect(late.result).to.deep.include({ isError: true });
          expect(firstText(late.result)).to.match(/Server "held" is shutting down and no longer accepts calls/);

          server.child.kill("SIGUSR2");
          await expectAllAnsweredOnTheWire(calls);
          const [code] = await server.exited;
          expect(code).to.equal(0);
        } finally {
          if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
        }
      });
    }

    it("answers every kind of 2026-07-28 call still in flight when stdin closes, then exits", async function () {
      this.timeout(20_000);
      const server = await startHeldServer("modern");
      try {
        const calls = server.startAll();
        await server.allEntered();
        server.child.stdin!.end();
        await server.stderrLine("held: stdin closed, shutting down gracefully");
        server.child.kill("SIGUSR2");
        await expectAllAnsweredOnTheWire(calls);
        const [code] = await server.exited;
        expect(code).to.equal(0);
      } finally {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
      }
    });
  });
});
