import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../samples/flagship/main.js", import.meta.url));

describe("Flagship server with --otel console", function () {
  this.timeout(20_000);

  it("prints the spans of a call on stderr, continuing the client's trace, and keeps stdout for MCP", async () => {
    const env = { ...process.env, MYSQL_URL: "", REDIS_URL: "", CARRIER_API_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "" };
    const child = spawn(process.execPath, [MAIN, "--otel", "console"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, "exit");
    const send = (message: object) => child.stdin.write(JSON.stringify(message) + "\n");
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_user", arguments: { id: 2 }, _meta: { traceparent } } });
    // Calls in flight when stdin ends are answered before the process exits, and the SDK is flushed.
    child.stdin.end();
    const [code] = await exited;
    expect(code).to.equal(0);
    const responses = stdout.trim().split("\n").map((line) => JSON.parse(line) as { id: number });
    expect(responses.map((r) => r.id)).to.deep.equal([1, 2]);
    const call = stderr.split("\n").find((line) => line.startsWith("otel span tools/call get_user "));
    expect(call).to.match(/trace=4bf92f3577b34da6a3ce929d0e0e4736 span=\w{16} parent=00f067aa0ba902b7 /);
    expect(stderr).to.match(/otel span batch UserRepository\.findByIds .*trace=4bf92f3577b34da6a3ce929d0e0e4736/);
    expect(stderr).to.match(/otel metric mcp\.server\.operation\.duration .*"gen_ai\.tool\.name":"get_user"/);
  });

  it("refuses an unknown --otel mode", async () => {
    const child = spawn(process.execPath, [MAIN, "--otel", "jaeger"], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, "exit");
    expect(code).not.to.equal(0);
    expect(stderr).to.include('--otel needs "console" or "otlp" (got "jaeger")');
  });
});

describe("Flagship server with OTEL_EXPORTER_OTLP_ENDPOINT", function () {
  this.timeout(20_000);

  it("sends its traces and metrics over OTLP to that endpoint", async () => {
    const received: string[] = [];
    const collector = createServer((request, response) => {
      received.push(`${request.method} ${request.url} ${request.headers["content-type"]}`);
      request.resume();
      request.on("end", () => response.writeHead(200, { "content-type": "application/x-protobuf" }).end());
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const { port } = collector.address() as { port: number };
    try {
      const env = { ...process.env, MYSQL_URL: "", REDIS_URL: "", CARRIER_API_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_LOGS_EXPORTER: "none" };
      const child = spawn(process.execPath, [MAIN], { env, stdio: ["pipe", "pipe", "pipe"] });
      const exited = once(child, "exit");
      const send = (message: object) => child.stdin.write(JSON.stringify(message) + "\n");
      send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_user", arguments: { id: 2 } } });
      child.stdin.end();
      const [code] = await exited;
      expect(code).to.equal(0);
      expect(received).to.include("POST /v1/traces application/x-protobuf");
      expect(received).to.include("POST /v1/metrics application/x-protobuf");
    } finally {
      collector.close();
    }
  });
});
