import { fork, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY, StreamableHTTPClientTransport, type Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { BenchReport, BenchSuite } from "../bench-suite.js";
import { startHttpServer as startServerProcess } from "./peers-http.js";
import { checkEcho, measureRound, MODERN_REVISION, newClient, warmUp, type Era, type Plan, type RoundResult } from "./core-round.js";

type Side = "sdk" | "mcpkit";
/** Tools registered for the "does a 2026-07-28 request cost more with many tools" comparison. */
const MANY_TOOLS = 500;

const script = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** stdio servers (both eras on one connection, decided by the client's first message). */
const stdioScripts: Record<Side, string> = { mcpkit: script("../servers/mcpkit-echo.js"), sdk: script("../servers/sdk-echo.js") };
/** Streamable HTTP servers: mcpkit serves both eras on one endpoint; the baseline runs the SDK's wiring for one era. */
const httpScripts: Record<Side, string> = { mcpkit: script("../servers/mcpkit-echo.js"), sdk: script("../servers/sdk-echo-http.js") };
const inMemoryPair = script("../servers/in-memory-pair.js");

/** One side of a comparison, ready to run rounds. */
interface Target {
  warmUp(plan: Plan): Promise<void>;
  round(plan: Plan): Promise<RoundResult>;
  close(): Promise<void>;
}

/** A client in this process (to a server in another process, whose CPU time `serverCpu` reads). */
async function clientTarget(era: Era, client: Client, close: () => Promise<void>, serverCpu: () => Promise<number>): Promise<Target> {
  await checkEcho(era, client);
  return { warmUp: (plan) => warmUp(client, plan), round: (plan) => measureRound(client, plan, serverCpu), close };
}

/** Asks a server process started from servers/ for its CPU time: it answers SIGUSR2 with `bench-cpu <µs>` on stderr. */
function cpuProbe(pid: number, stderr: Readable): () => Promise<number> {
  const waiting: ((micros: number) => void)[] = [];
  createInterface({ input: stderr }).on("line", (line) => {
    const match = /^bench-cpu (\d+)$/.exec(line);
    if (match) waiting.shift()?.(Number(match[1]));
  });
  return () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`core bench: server ${pid} did not report its CPU time`)), 5000);
      waiting.push((micros) => {
        clearTimeout(timer);
        resolve(micros);
      });
      process.kill(pid, "SIGUSR2");
    });
}

/** Client and server in memory, in a child process of their own (see servers/in-memory-pair.ts). */
async function inMemory(side: Side, era: Era): Promise<Target> {
  const child = fork(inMemoryPair, [side, era], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const next = () =>
    new Promise<{ ready?: true; result?: RoundResult; error?: string }>((resolve, reject) => {
      const onExit = () => reject(new Error(`core bench: the in-memory ${side} process exited`));
      child.once("exit", onExit);
      child.once("message", (message) => {
        child.off("exit", onExit);
        resolve(message as never);
      });
    });
  const ask = async (message: object) => {
    const answer = next();
    child.send(message);
    const { result, error } = await answer;
    if (error) throw new Error(`core bench: in-memory ${side} ${era}: ${error}`);
    return result!;
  };
  const ready = await next();
  if (!ready.ready) throw new Error(`core bench: in-memory ${side} ${era} did not start: ${ready.error}`);
  // The child warms up before its first round.
  const close = async () => {
    child.send({ close: true });
    const timer = setTimeout(() => child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { warmUp: async () => undefined, round: (plan) => ask({ plan }), close };
}

async function stdio(side: Side, era: Era): Promise<Target> {
  const client = newClient(era);
  const transport = new StdioClientTransport({ command: process.execPath, args: [stdioScripts[side]], stderr: "pipe" });
  await client.connect(transport);
  return clientTarget(era, client, () => client.close(), cpuProbe(transport.pid!, transport.stderr as Readable));
}

interface HttpServerProcess {
  url: string;
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

/** Spawns an HTTP server process (peers-http.ts) with a probe of its CPU time. */
async function startHttpServer(side: Side, args: string[]): Promise<HttpServerProcess> {
  const server = await startServerProcess({ script: httpScripts[side], args });
  return { url: server.url, cpu: cpuProbe(server.pid, server.stderr), stop: server.stop };
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await exited;
}

async function http(server: HttpServerProcess, era: Era): Promise<Target> {
  const client = newClient(era);
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  return clientTarget(era, client, () => client.close(), server.cpu);
}

/** Spawn to the first answer (initialize for the 2025 era, a server/discover probe for 2026-07-28), in ms. */
async function coldStart(side: Side, era: Era): Promise<number> {
  const clientInfo = { name: "bench", version: "1.0.0" };
  const request =
    era === "legacy"
      ? { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo } }
      : {
          jsonrpc: "2.0",
          id: 1,
          method: "server/discover",
          params: { _meta: { [PROTOCOL_VERSION_META_KEY]: MODERN_REVISION, [CLIENT_INFO_META_KEY]: clientInfo, [CLIENT_CAPABILITIES_META_KEY]: {} } },
        };
  const start = performance.now();
  const child = spawn(process.execPath, [stdioScripts[side]], { stdio: ["pipe", "pipe", "ignore"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    child.stdin.write(JSON.stringify(request) + "\n");
    const line = await new Promise<string>((resolve, reject) => {
      child.once("error", reject);
      createInterface({ input: child.stdout }).once("line", resolve);
      void exited.then(() => reject(new Error(`${side} exited before answering`)));
    });
    const elapsed = performance.now() - start;
    const answer = JSON.parse(line) as { id?: unknown; result?: unknown };
    if (answer.id !== 1 || !answer.result) throw new Error(`core bench: ${side} answered its first ${era} request with ${line}`);
    return elapsed;
  } finally {
    child.stdin.end();
    await stopProcess(child, exited);
  }
}

/** One value per round of each figure. */
interface Series {
  median: number[];
  p95: number[];
  callsPerSecond: number[];
  cpuPerCall: number[];
}

/**
 * Measures every target in each round, in an order that flips every round (A B, B A, A B …) so
 * drift on the machine and whatever one run leaves behind (GC debt, a busy core) hit all alike.
 */
async function measureRounds<K extends string>(targets: Record<K, Target>, rounds: number, plans: Record<K, Plan>): Promise<Record<K, Series>> {
  const names = Object.keys(targets) as K[];
  const series = Object.fromEntries(names.map((name) => [name, { median: [], p95: [], callsPerSecond: [], cpuPerCall: [] }])) as unknown as Record<K, Series>;
  for (const name of names) await targets[name].warmUp(plans[name]);
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const result = await targets[name].round(plans[name]);
      series[name].median.push(result.median);
      series[name].p95.push(result.p95);
      series[name].callsPerSecond.push(result.callsPerSecond);
      if (result.cpuPerCall !== undefined) series[name].cpuPerCall.push(result.cpuPerCall);
    }
  }
  return series;
}

/** Connects each side (the baseline first), runs the rounds and closes them whatever happens. */
async function compareSides<K extends string>(connect: Record<K, () => Promise<Target>>, rounds: number, plans: Record<K, Plan>): Promise<Record<K, Series>> {
  const targets = {} as Record<K, Target>;
  try {
    for (const name of Object.keys(connect) as K[]) targets[name] = await connect[name]();
    return await measureRounds(targets, rounds, plans);
  } finally {
    await Promise.allSettled(Object.values<Target>(targets).map((t) => t.close()));
  }
}

// ---------------------------------------------------------------------------------------------
// The table

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (digits === 0 || Math.abs(value) >= 100) return value.toFixed(0);
  return value.toFixed(Math.abs(value) >= 10 ? Math.min(digits, 1) : digits);
}

/** "median (min–max)" of a figure's rounds. */
function spread(values: number[], digits: number): string {
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

function pairwise(numerators: number[], denominators: number[]): number[] {
  return numerators.map((n, i) => n / denominators[i]!);
}

const COLUMNS = [22, 18, 23, 23, 18] as const;
function row(report: BenchReport, cells: string[], note = ""): void {
  report.line((cells.map((cell, i) => cell.padEnd(COLUMNS[i] ?? 0)).join(" ") + (note ? ` ${note}` : "")).trimEnd());
}

/** One figure of both sides and the per-round ratio mcpkit/baseline, flagged when mcpkit is more than 1.1× worse. */
function compareRow(report: BenchReport, cell: string, figure: string, sdk: number[], mcpkit: number[], better: "lower" | "higher", digits: number): void {
  const ratios = pairwise(mcpkit, sdk);
  const ratio = median(ratios);
  const worse = better === "lower" ? ratio > 1.1 : ratio < 1 / 1.1;
  row(report, [cell, figure, spread(sdk, digits), spread(mcpkit, digits), spread(ratios, 2)], worse ? "<< mcpkit >1.1x worse" : "");
}

function seriesRows(report: BenchReport, cell: string, sdk: Series, mcpkit: Series): void {
  compareRow(report, cell, "median ms", sdk.median, mcpkit.median, "lower", 3);
  compareRow(report, "", "p95 ms", sdk.p95, mcpkit.p95, "lower", 3);
  compareRow(report, "", "calls/s @100", sdk.callsPerSecond, mcpkit.callsPerSecond, "higher", 0);
  if (sdk.cpuPerCall.length && mcpkit.cpuPerCall.length) compareRow(report, "", "server CPU µs/call", sdk.cpuPerCall, mcpkit.cpuPerCall, "lower", 1);
}

// ---------------------------------------------------------------------------------------------
// The cells

const ERAS: Era[] = ["legacy", "modern"];
const both = (plan: Plan): Record<Side, Plan> => ({ sdk: plan, mcpkit: plan });

async function inMemoryCells(report: BenchReport): Promise<void> {
  for (const era of ERAS) {
    const result = await compareSides({ sdk: () => inMemory("sdk", era), mcpkit: () => inMemory("mcpkit", era) }, 6, both({ sequential: 2000, concurrent: 5000 }));
    seriesRows(report, `in-memory ${era}`, result.sdk, result.mcpkit);
  }
}

async function stdioCells(report: BenchReport): Promise<void> {
  for (const era of ERAS) {
    const result = await compareSides({ sdk: () => stdio("sdk", era), mcpkit: () => stdio("mcpkit", era) }, 8, both({ sequential: 1000, concurrent: 4000 }));
    seriesRows(report, `stdio ${era}`, result.sdk, result.mcpkit);
  }
  const starts: Record<Era, Record<Side, number[]>> = { legacy: { sdk: [], mcpkit: [] }, modern: { sdk: [], mcpkit: [] } };
  for (let run = 0; run < 8; run++) {
    for (const era of ERAS) {
      for (const side of (run % 2 === 0 ? ["sdk", "mcpkit"] : ["mcpkit", "sdk"]) as Side[]) starts[era][side].push(await coldStart(side, era));
    }
  }
  for (const era of ERAS) compareRow(report, `stdio ${era}`, "cold start ms", starts[era].sdk, starts[era].mcpkit, "lower", 1);
}

/**
 * The SDK's StreamableHTTPClientTransport hands its transport-wide AbortSignal to every fetch, and
 * undici drops each request's abort listener only when the request is garbage-collected: under
 * load the listeners pile up past undici's limit and Node prints a warning (with a stack) per
 * request. Both sides use the same client, so the warning is only muted while HTTP is measured.
 */
function muteAbortListenerWarnings(): () => void {
  const printers = process.listeners("warning");
  process.removeAllListeners("warning");
  const filtered = (warning: Error) => {
    if (warning.name !== "MaxListenersExceededWarning") for (const print of printers) print(warning);
  };
  process.on("warning", filtered);
  return () => {
    process.off("warning", filtered);
    for (const print of printers) process.on("warning", print);
  };
}

async function httpCells(report: BenchReport): Promise<void> {
  const processes: HttpServerProcess[] = [];
  const start = async (side: Side, args: string[]) => {
    const server = await startHttpServer(side, args);
    processes.push(server);
    return server;
  };
  const unmute = muteAbortListenerWarnings();
  try {
    const mcpkit = await start("mcpkit", ["--http", "--port", "0"]);
    const mcpkitMany = await start("mcpkit", ["--tools", String(MANY_TOOLS), "--http", "--port", "0"]);
    const sdkLegacy = await start("sdk", ["legacy"]);
    const sdkModern = await start("sdk", ["modern"]);
    const sdkModernMany = await start("sdk", ["modern", "--tools", String(MANY_TOOLS)]);

    const legacy = await compareSides({ sdk: () => http(sdkLegacy, "legacy"), mcpkit: () => http(mcpkit, "legacy") }, 8, both({ sequential: 400, concurrent: 1000 }));
    seriesRows(report, "HTTP legacy (sessions)", legacy.sdk, legacy.mcpkit);

    // HTTP figures swing with the client (the SDK client and undici cost more CPU than the servers): eight rounds.
    // Fewer calls to the baseline with many tools: it builds all of them on every request.
    const plan = { sequential: 400, concurrent: 1000 };
    const modern = await compareSides(
      {
        sdk: () => http(sdkModern, "modern"),
        mcpkit: () => http(mcpkit, "modern"),
        sdkMany: () => http(sdkModernMany, "modern"),
        mcpkitMany: () => http(mcpkitMany, "modern"),
      },
      8,
      { sdk: plan, mcpkit: plan, mcpkitMany: plan, sdkMany: { sequential: 100, concurrent: 200 } },
    );
    seriesRows(report, "HTTP modern", modern.sdk, modern.mcpkit);
    seriesRows(report, `HTTP modern ${MANY_TOOLS} tools`, modern.sdkMany, modern.mcpkitMany);
    // What a request costs with 500 tools registered over what it costs with 1, per round: goal 1.00.
    const costRow = (cell: string, figure: string, sdk: number[], mcpkit: number[]) => row(report, [cell, figure, spread(sdk, 2), spread(mcpkit, 2), "goal 1.00"]);
    costRow(`  cost ${MANY_TOOLS} tools / 1`, "median ms", pairwise(modern.sdkMany.median, modern.sdk.median), pairwise(modern.mcpkitMany.median, modern.mcpkit.median));
    costRow("", "1 / calls/s @100", pairwise(modern.sdk.callsPerSecond, modern.sdkMany.callsPerSecond), pairwise(modern.mcpkit.callsPerSecond, modern.mcpkitMany.callsPerSecond));
    costRow("", "server CPU µs/call", pairwise(modern.sdkMany.cpuPerCall, modern.sdk.cpuPerCall), pairwise(modern.mcpkitMany.cpuPerCall, modern.mcpkit.cpuPerCall));
  } finally {
    await Promise.allSettled(processes.map((p) => p.stop()));
    unmute();
  }
}

export const coreSuite: BenchSuite = {
  name: "core: mcpkit vs a hand-written SDK v2 server (trivial echo tool)",
  async run(report) {
    const started = performance.now();
    report.line("Each figure: median of the rounds (min–max); rounds alternate baseline and mcpkit; ratio = mcpkit/baseline per round.");
    report.line("Latency and CPU: lower is better; calls/s: higher is better. Baseline: McpServer + zod on the SDK's own entries");
    report.line("(serveStdio; sessions over NodeStreamableHTTPServerTransport; createMcpHandler + toNodeHandler).");
    row(report, ["cell", "figure", "SDK v2 baseline", "mcpkit", "mcpkit/baseline"]);
    await inMemoryCells(report);
    await stdioCells(report);
    await httpCells(report);
    report.line(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  },
};
