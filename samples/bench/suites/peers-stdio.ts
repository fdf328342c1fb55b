import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpuMicrosOf, memoryOf } from "./peers-process.js";
import { echoParams, INITIALIZE_PARAMS, isEchoResult, type Command, type Era } from "./peers-targets.js";

interface Response {
  id: number;
  result?: unknown;
  error?: unknown;
}

/**
 * A minimal stdio JSON-RPC client: newline-delimited frames written straight to the server, answers
 * matched by id. It does as little as it can per call (one stringify, one parse), so the server is
 * what is measured; any peer is driven by the same code.
 */
export class StdioDriver {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, (response: Response) => void>();
  private nextId = 1;
  private buffered = "";
  readonly exited: Promise<void>;

  constructor(command: Command) {
    this.child = spawn(process.execPath, [command.script, ...command.args], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.resume();
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => this.read(chunk));
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
    void this.exited.then(() => {
      for (const [id, resolve] of this.waiting) resolve({ id, error: "the server exited" });
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf("\n")) !== -1) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      if (line.trim() === "") continue;
      let message: { id?: number; method?: string };
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (message.method !== undefined) {
        // A request from the server (roots, ping): answered "not supported", as a minimal client would.
        if (message.id !== undefined) this.write({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "Method not found" } });
        continue;
      }
      const resolve = this.waiting.get(message.id!);
      this.waiting.delete(message.id!);
      resolve?.(message as Response);
    }
  }

  private write(message: object): void {
    this.child.stdin.write(JSON.stringify(message) + "\n");
  }

  request(method: string, params: object): Promise<Response> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.write({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method: string): void {
    this.write({ jsonrpc: "2.0", method });
  }

  /** Opens the era: a 2025 initialize handshake; nothing for 2026-07-28 (every request carries its envelope). */
  async open(era: Era): Promise<void> {
    if (era === "modern") return;
    const answer = await this.request("initialize", INITIALIZE_PARAMS);
    if (!answer.result) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
    this.notify("notifications/initialized");
  }

  async echo(era: Era): Promise<void> {
    const answer = await this.request("tools/call", echoParams(era));
    if (!isEchoResult(answer)) throw new Error(`echo answered ${JSON.stringify(answer).slice(0, 300)}`);
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    await this.exited;
    clearTimeout(timer);
  }
}

/** Spawn to the first answer, in ms: `initialize` answered (2025), or a first `echo` call answered (2026-07-28). */
export async function coldStart(command: Command, era: Era): Promise<number> {
  const start = performance.now();
  const driver = new StdioDriver(command);
  try {
    if (era === "legacy") {
      const answer = await driver.request("initialize", INITIALIZE_PARAMS);
      if (!answer.result) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
    } else {
      await driver.echo(era);
    }
    return performance.now() - start;
  } finally {
    await driver.close();
  }
}

/** The figures of one stdio round. */
export interface StdioRound {
  p50: number;
  p95: number;
  callsPerSecond: number;
  /** MiB right after the calls at 100 in flight. */
  loadedRss: number;
  /** Server CPU time per call over the calls at 100 in flight, in µs: steadier than calls/s on a busy machine. */
  cpuPerCall: number;
}

export interface StdioPlan {
  sequential: number;
  concurrent: number;
}

/** Sequential calls (latency), then `plan.concurrent` calls kept 100 in flight (throughput). */
export async function stdioRound(driver: StdioDriver, era: Era, plan: StdioPlan): Promise<StdioRound> {
  const latencies: number[] = [];
  for (let i = 0; i < plan.sequential; i++) {
    const start = performance.now();
    await driver.echo(era);
    latencies.push(performance.now() - start);
  }
  const cpuBefore = cpuMicrosOf(driver.pid);
  const start = performance.now();
  let sent = 0;
  const worker = async () => {
    while (sent < plan.concurrent) {
      sent++;
      await driver.echo(era);
    }
  };
  await Promise.all(Array.from({ length: 100 }, worker));
  const elapsed = performance.now() - start;
  const cpuPerCall = (cpuMicrosOf(driver.pid) - cpuBefore) / plan.concurrent;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), callsPerSecond: (plan.concurrent / elapsed) * 1000, loadedRss: memoryOf(driver.pid).rss, cpuPerCall };
}
