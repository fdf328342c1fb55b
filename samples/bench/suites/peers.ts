import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { fileURLToPath } from "node:url";
import type { BenchReport, BenchSuite } from "../bench-suite.js";
import { peersChart } from "./peers-chart.js";
import { type Figure, type Goal } from "./peers-figures.js";
import { CONNECTIONS, loadRound, prepareLoad, startHttpServer, type HttpServer, type LoadShape } from "./peers-http.js";
import { figuresTable, goalsTable, ratiosTable } from "./peers-markdown.js";
import { memoryOf } from "./peers-process.js";
import { coldStart, StdioDriver, stdioRound, type StdioPlan } from "./peers-stdio.js";
import { writePublishedEcho } from "./peers-published.js";
import { ERAS, PEER_PACKAGES, PEERS, type Era, type Peer } from "./peers-targets.js";

/** How much to measure: `--quick` for a check that the suite runs, the default for figures. */
interface Plan {
  rounds: number;
  coldStarts: number;
  stdio: StdioPlan;
  httpSeconds: number;
}
const FULL: Plan = { rounds: 5, coldStarts: 7, stdio: { sequential: 1000, concurrent: 5000 }, httpSeconds: 3 };
const QUICK: Plan = { rounds: 3, coldStarts: 3, stdio: { sequential: 300, concurrent: 2000 }, httpSeconds: 1 };

const STDIO_GROUP: Record<Era, string> = { legacy: "stdio 2025-11-25", modern: "stdio 2026-07-28" };
const HTTP_GROUP: Record<Era, string> = { legacy: `HTTP 2025-11-25, ${CONNECTIONS} sessions`, modern: "HTTP 2026-07-28 stateless" };
const COLD_LABEL: Record<Era, string> = { legacy: "cold start ms (spawn → initialize answered)", modern: "cold start ms (spawn → first call answered)" };

/** The goals mcpkit holds itself to, each a ratio mcpkit / peer on one figure. */
const GOALS: Goal[] = [
  ...ERAS.flatMap((era) => [
    { group: STDIO_GROUP[era], label: COLD_LABEL[era], peer: "tmcp", bound: 1 },
    { group: STDIO_GROUP[era], label: "calls/s, 100 in flight", peer: "tmcp", bound: 1 },
    { group: HTTP_GROUP[era], label: "req/s", peer: "tmcp", bound: 1 },
  ]),
  { group: HTTP_GROUP.modern, label: "req/s", peer: "sdk", bound: 2 },
  ...ERAS.flatMap((era) => [
    { group: STDIO_GROUP[era], label: "idle RSS MiB", peer: "tmcp", bound: 1.2 },
    { group: STDIO_GROUP[era], label: "RSS after load MiB", peer: "tmcp", bound: 1.2 },
    { group: HTTP_GROUP[era], label: "idle RSS MiB", peer: "tmcp", bound: 1.2 },
    { group: HTTP_GROUP[era], label: "RSS after load MiB", peer: "tmcp", bound: 1.2 },
  ]),
];

/** The figures the chart shows. */
const CHARTED = (f: Figure) =>
  f.label.startsWith("cold start") || f.label.startsWith("calls/s") || f.label === "req/s" || f.label.startsWith("server CPU") || (f.group.startsWith("HTTP") && f.label === "RSS after load MiB");

const servedBy = (era: Era, transport: "stdio" | "http") => PEERS.filter((p) => p[transport][era] !== undefined);

/** Round `r` visits the peers forwards, then backwards, so drift and leftovers hit every peer alike. */
const inTurn = <T>(items: readonly T[], round: number): T[] => (round % 2 === 0 ? [...items] : [...items].reverse());

function figure(figures: Figure[], group: string, label: string, better: Figure["better"], digits: number): Figure {
  const made: Figure = { group, label, better, digits, values: {} };
  figures.push(made);
  return made;
}

function push(figure: Figure, peer: Peer, value: number): void {
  (figure.values[peer.name] ??= []).push(value);
}

async function stdioFigures(era: Era, plan: Plan, figures: Figure[], report: BenchReport): Promise<void> {
  const group = STDIO_GROUP[era];
  const peers = servedBy(era, "stdio");
  const cold = figure(figures, group, COLD_LABEL[era], "lower", 1);
  for (let run = 0; run < plan.coldStarts; run++) {
    for (const peer of inTurn(peers, run)) push(cold, peer, await coldStart(peer.stdio[era]!, era));
  }
  const p50 = figure(figures, group, "p50 ms, sequential", "lower", 3);
  const p95 = figure(figures, group, "p95 ms, sequential", "lower", 3);
  const rate = figure(figures, group, "calls/s, 100 in flight", "higher", 0);
  const cpu = figure(figures, group, "server CPU µs/call", "lower", 1);
  const idle = figure(figures, group, "idle RSS MiB", "lower", 1);
  const loaded = figure(figures, group, "RSS after load MiB", "lower", 1);
  const drivers = new Map<Peer, StdioDriver>();
  try {
    for (const peer of peers) {
      const driver = new StdioDriver(peer.stdio[era]!);
      drivers.set(peer, driver);
      await driver.open(era);
      await driver.echo(era);
      for (let i = 0; i < plan.rounds; i++) push(idle, peer, memoryOf(driver.pid).rss);
      // A whole round unmeasured: the first thousand calls of a process still run half-compiled code.
      await stdioRound(driver, era, plan.stdio);
    }
    for (let round = 0; round < plan.rounds; round++) {
      for (const peer of inTurn(peers, round)) {
        const result = await stdioRound(drivers.get(peer)!, era, plan.stdio);
        push(p50, peer, result.p50);
        push(p95, peer, result.p95);
        push(rate, peer, result.callsPerSecond);
        push(cpu, peer, result.cpuPerCall);
        push(loaded, peer, result.loadedRss);
      }
    }
  } finally {
    await Promise.allSettled([...drivers.values()].map((d) => d.close()));
  }
  report.line(`${group}: done`);
}

async function httpFigures(era: Era, plan: Plan, figures: Figure[], report: BenchReport): Promise<void> {
  const group = HTTP_GROUP[era];
  const peers = servedBy(era, "http");
  const rate = figure(figures, group, "req/s", "higher", 0);
  const cpu = figure(figures, group, "server CPU µs/req", "lower", 0);
  const p50 = figure(figures, group, "p50 ms", "lower", 1);
  const p99 = figure(figures, group, "p99 ms", "lower", 1);
  const idle = figure(figures, group, "idle RSS MiB", "lower", 1);
  const loaded = figure(figures, group, "RSS after load MiB", "lower", 1);
  const servers = new Map<Peer, { server: HttpServer; shape: LoadShape }>();
  try {
    for (const peer of peers) {
      const server = await startHttpServer(peer.http[era]!);
      servers.set(peer, { server, shape: undefined! });
      const shape = await prepareLoad(server.url, era);
      servers.set(peer, { server, shape });
      for (let i = 0; i < plan.rounds; i++) push(idle, peer, memoryOf(server.pid).rss);
      await loadRound(server, shape, 1);
    }
    for (let round = 0; round < plan.rounds; round++) {
      for (const peer of inTurn(peers, round)) {
        const { server, shape } = servers.get(peer)!;
        const result = await loadRound(server, shape, plan.httpSeconds);
        if (result.failed > 0) report.line(`warning: ${peer.label} ${group}: ${result.failed} requests failed or were not an echo result`);
        push(rate, peer, result.requestsPerSecond);
        push(cpu, peer, result.cpuPerRequest);
        push(p50, peer, result.p50);
        push(p99, peer, result.p99);
        push(loaded, peer, result.loadedRss);
      }
    }
  } finally {
    await Promise.allSettled([...servers.values()].map(({ server }) => server.stop()));
  }
  report.line(`${group}: done`);
}

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const resultsDir = `${repoRoot}samples/bench/results`;
const README_START = "<!-- peers-table:start -->";
const README_END = "<!-- peers-table:end -->";

function versions(): string {
  // Read from node_modules: not every package exports its package.json.
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(`${repoRoot}node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  return PEERS.filter((p) => PEER_PACKAGES[p.name]!.length > 0)
    .map((p) => `${p.label}: ${PEER_PACKAGES[p.name]!.map((name) => `${name} ${version(name)}`).join(", ")}`)
    .join("; ");
}

function machine(load: number[]): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${type()} ${release()}, Node ${process.version}; load average at start ${load.map((l) => l.toFixed(1)).join(" ")}`;
}

/** Writes results/peers.md and results/peers.svg, and the README's table between its markers. */
function writeResults(figures: Figure[], quick: boolean, load: number[], seconds: number, report: BenchReport): void {
  const date = new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const command = `npm run bench -- peers${quick ? " --quick" : ""}`;
  const about = [
    `Measured ${date} on ${machine(load)}, in ${seconds.toFixed(0)} s by \`${command}\`.`,
    `Versions: ${versions()}.`,
    `Each cell: median of the rounds (min–max); rounds alternate the order of the servers. Ratios are mcpkit over a peer, round by round, then the median.`,
  ];
  const ratios = ratiosTable(figures, PEERS);
  const full = [
    "# mcpkit and its peers: a trivial `echo` tool",
    "",
    ...about,
    "",
    "![the headline figures as bars](peers.svg)",
    "",
    ...figuresTable(figures, PEERS),
    "",
    "## mcpkit over each peer",
    "",
    ...ratios,
    "",
    "## Goals",
    "",
    ...goalsTable(GOALS, figures, PEERS),
    "",
  ].join("\n");
  if (!existsSync(resultsDir)) mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}/peers.md`, full);
  writeFileSync(`${resultsDir}/peers.svg`, peersChart(figures.filter(CHARTED), PEERS, `mcpkit and its peers, echo tool; ${date}; ${command}`));
  for (const line of full.split("\n")) report.line(line);
  const readmePath = `${repoRoot}README.md`;
  const readme = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start >= 0 && end > start) {
    const block = [README_START, ...about, "", ...figuresTable(figures, PEERS), "", ...ratios, "", "Chart, goals: [samples/bench/results/peers.md](samples/bench/results/peers.md).", README_END].join("\n");
    writeFileSync(readmePath, readme.slice(0, start) + block + readme.slice(end + README_END.length));
    report.line("README.md: peers table updated");
  }
  report.line(`written: samples/bench/results/peers.md, samples/bench/results/peers.svg`);
}

export const peersSuite: BenchSuite = {
  name: "peers: mcpkit vs the SDK v2 by hand, tmcp and fastmcp (trivial echo tool)",
  async run(report) {
    const quick = process.argv.includes("--quick");
    const plan = quick ? QUICK : FULL;
    const load = loadavg();
    const started = performance.now();
    const figures: Figure[] = [];
    await writePublishedEcho();
    for (const era of ERAS) await stdioFigures(era, plan, figures, report);
    for (const era of ERAS) await httpFigures(era, plan, figures, report);
    writeResults(figures, quick, load, (performance.now() - started) / 1000, report);
  },
};
