import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { benchmarkTool, summarize, type BenchmarkStats } from "../../../lib/testing/index.js";
import type { BenchReport, BenchSuite } from "../bench-suite.js";
import { createMcpkitEcho } from "../servers/mcpkit-echo.js";
import { createSdkEcho } from "../servers/sdk-echo.js";

const servers = {
  mcpkit: fileURLToPath(new URL("../servers/mcpkit-echo.js", import.meta.url)),
  sdk: fileURLToPath(new URL("../servers/sdk-echo.js", import.meta.url)),
};
type Side = keyof typeof servers;

async function inMemoryClient(side: Side): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  if (side === "mcpkit") await createMcpkitEcho().connect(serverTransport);
  else await createSdkEcho().connect(serverTransport);
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}

async function stdioClient(side: Side): Promise<Client> {
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [servers[side]] }));
  return client;
}

/** Runs both sides in alternating rounds so drift on the machine hits both alike. */
async function sideBySide(connect: (side: Side) => Promise<Client>, concurrency: number, iterations: number, rounds = 4): Promise<Record<Side, BenchmarkStats>> {
  const clients = { mcpkit: await connect("mcpkit"), sdk: await connect("sdk") };
  const collected: Record<Side, BenchmarkStats[]> = { mcpkit: [], sdk: [] };
  for (let round = 0; round < rounds; round++) {
    const order: Side[] = round % 2 === 0 ? ["sdk", "mcpkit"] : ["mcpkit", "sdk"];
    for (const side of order) {
      collected[side].push(await benchmarkTool(clients[side], "echo", { text: "hello" }, { iterations, concurrency, warmup: round === 0 ? 500 : 50 }));
    }
  }
  await clients.mcpkit.close();
  await clients.sdk.close();
  const merge = (runs: BenchmarkStats[]): BenchmarkStats => {
    // Medians over rounds of each figure: one noisy round does not decide the result.
    const mid = (pick: (s: BenchmarkStats) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    return { calls: runs.reduce((n, s) => n + s.calls, 0), mean: mid((s) => s.mean), median: mid((s) => s.median), p95: mid((s) => s.p95), p99: mid((s) => s.p99), min: mid((s) => s.min), max: mid((s) => s.max), callsPerSecond: mid((s) => s.callsPerSecond) };
  };
  return { mcpkit: merge(collected.mcpkit), sdk: merge(collected.sdk) };
}

/** Spawn to initialize response, in milliseconds. */
function coldStart(side: Side): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [servers[side]], { stdio: ["pipe", "pipe", "ignore"] });
    child.once("error", reject);
    child.stdout.once("data", () => {
      const elapsed = performance.now() - start;
      child.kill();
      resolve(elapsed);
    });
    child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } } }) + "\n");
  });
}

function compare(report: BenchReport, label: string, result: Record<Side, BenchmarkStats>, goal: string): void {
  report.stats(`${label} sdk`, result.sdk);
  report.stats(`${label} mcpkit`, result.mcpkit);
  report.ratio(`${label} median mcpkit/sdk`, result.mcpkit.median, result.sdk.median, goal);
  report.ratio(`${label} p95 mcpkit/sdk`, result.mcpkit.p95, result.sdk.p95);
  report.ratio(`${label} calls/s sdk/mcpkit`, result.sdk.callsPerSecond, result.mcpkit.callsPerSecond, goal);
}

export const coreSuite: BenchSuite = {
  name: "core: mcpkit vs a hand-written SDK server (trivial tool)",
  async run(report) {
    compare(report, "in-memory, 1 at a time", await sideBySide(inMemoryClient, 1, 2000), "<= 1.05");
    compare(report, "in-memory, 100 concurrent", await sideBySide(inMemoryClient, 100, 5000), "<= 1.05");
    // Across processes a few multi-millisecond scheduling spikes sway one round: more rounds, same median.
    compare(report, "stdio, 1 at a time", await sideBySide(stdioClient, 1, 1000, 8), "<= 1.05");
    compare(report, "stdio, 100 concurrent", await sideBySide(stdioClient, 100, 5000, 8), "<= 1.05");
    const starts: Record<Side, number[]> = { mcpkit: [], sdk: [] };
    for (let i = 0; i < 10; i++) {
      for (const side of (i % 2 === 0 ? ["sdk", "mcpkit"] : ["mcpkit", "sdk"]) as Side[]) starts[side].push(await coldStart(side));
    }
    const cold = { sdk: summarize(starts.sdk, 1), mcpkit: summarize(starts.mcpkit, 1) };
    report.line(`cold start (spawn to initialize response), 10 runs each: sdk median ${cold.sdk.median.toFixed(1)} ms, mcpkit median ${cold.mcpkit.median.toFixed(1)} ms`);
    report.ratio("cold start median mcpkit/sdk", cold.mcpkit.median, cold.sdk.median, "<= 1.2");
  },
};
