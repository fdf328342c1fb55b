import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const MAIN = fileURLToPath(new URL("../../samples/flagship/main.js", import.meta.url));

function start(args: string[], extraEnv: Record<string, string> = {}): ChildProcess {
  // A fresh machine: no database, cache or carrier configured.
  const env = { ...process.env, MYSQL_URL: "", REDIS_URL: "", CARRIER_API_URL: "", ...extraEnv };
  return spawn(process.execPath, [MAIN, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
}

/** The next stdout line that is a JSON-RPC response with `id`. */
async function response(child: ChildProcess, id: number): Promise<Record<string, unknown>> {
  for await (const line of createInterface({ input: child.stdout! })) {
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.id === id) return message;
  }
  throw new Error("stdout ended without a response");
}

describe("Flagship server process", function () {
  this.timeout(20_000);

  it("serves stdio with no services and exits cleanly when stdin closes", async () => {
    const child = start([]);
    const send = (message: object) => child.stdin!.write(JSON.stringify(message) + "\n");
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
    const initialized = await response(child, 1);
    expect((initialized.result as { serverInfo: { name: string } }).serverInfo.name).to.equal("mcpkit-shop");
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_user", arguments: { id: 2 } } });
    const called = await response(child, 2);
    expect(JSON.stringify(called.result)).to.include('\\"id\\":2');
    const exited = once(child, "exit");
    child.stdin!.end();
    const [code] = await exited;
    expect(code).to.equal(0);
  });

  it("answers a call still in flight when stdin closes, then exits", async () => {
    // The carrier never answers parcel 13: the call ends by its 300 ms request timeout, after stdin closed.
    const child = start([], { CARRIER_TIMEOUT_MS: "300" });
    const send = (message: object) => child.stdin!.write(JSON.stringify(message) + "\n");
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    expect(JSON.parse((await lines.next()).value as string).id).to.equal(1);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "track_order", arguments: { orderId: 13 } } });
    const exited = once(child, "exit");
    child.stdin!.end();
    const answer = JSON.parse((await lines.next()).value as string) as { id: number; result: { isError: boolean; content: { text: string }[] } };
    expect(answer.id).to.equal(2);
    expect(answer.result.isError).to.equal(true);
    expect(answer.result.content[0]!.text).to.include("timed out after 300 ms");
    const [code] = await exited;
    expect(code).to.equal(0);
  });

  it("exits at once on a second SIGTERM while a call is still draining", async () => {
    const child = start(["--http", "--port", "0"], { CARRIER_TIMEOUT_MS: "60000" });
    const stderr = createInterface({ input: child.stderr! })[Symbol.asyncIterator]();
    const nextLine = async (pattern: RegExp) => {
      for (let line = await stderr.next(); !line.done; line = await stderr.next()) if (pattern.test(line.value)) return line.value as string;
      throw new Error(`stderr ended before ${pattern}`);
    };
    const url = /at (\S+)$/.exec(await nextLine(/MCP over Streamable HTTP at /))![1]!;
    const client = new Client({ name: "spec", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const stuck = client.callTool({ name: "track_order", arguments: { orderId: 13 } }).catch((e: unknown) => e);
    // Wait until the server counts the call in flight (each check is one request to it).
    for (let i = 0; i < 200; i++) {
      const report = (await (await fetch(url.replace(/\/mcp$/, "/health"))).json()) as { inFlight: number };
      if (report.inFlight === 1) break;
    }
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await nextLine(/SIGTERM, shutting down gracefully/);
    child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).to.equal(130);
    // The server is gone; the SSE stream it held for the call just ends, so only close the client.
    void stuck;
    await client.close().catch(() => undefined);
  });

  it("serves HTTP with a health endpoint and shuts down gracefully on SIGTERM", async () => {
    const child = start(["--http", "--port", "0"]);
    let url = "";
    for await (const line of createInterface({ input: child.stderr! })) {
      const match = /MCP over Streamable HTTP at (\S+)/.exec(line);
      if (match) {
        url = match[1]!;
        break;
      }
    }
    const health = await fetch(url.replace(/\/mcp$/, "/health"));
    expect(health.status).to.equal(200);
    expect(((await health.json()) as { application: string }).application).to.equal("mcpkit-shop");
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).to.equal(0);
  });
});
