import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import autocannon from "autocannon";
import { cpuMicrosOf, memoryOf } from "./peers-process.js";
import { echoParams, INITIALIZE_PARAMS, isEchoResult, LEGACY_REVISION, MODERN_REVISION, type Command, type Era } from "./peers-targets.js";

/** Concurrent connections of the load generator (and 2025 sessions: one per connection). */
export const CONNECTIONS = 50;

/** A server process listening on Streamable HTTP. */
export interface HttpServer {
  url: string;
  pid: number;
  /** The server's stderr, for what else it reports (e.g. its CPU time on SIGUSR2). */
  stderr: Readable;
  stop(): Promise<void>;
}

/** Spawns a server and waits for the URL it prints on stderr ("… at http://…"). */
export async function startHttpServer(command: Command): Promise<HttpServer> {
  const child = spawn(process.execPath, [command.script, ...command.args], { stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      const match = /at (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.once("error", reject);
    void exited.then(() => reject(new Error(`${command.script} exited before listening: ${text}`)));
  });
  return { url, pid: child.pid!, stderr: child.stderr, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

/** The JSON-RPC message of a response body: plain JSON, or the SSE event carrying one with an id. */
function messageOf(body: string): unknown {
  const text = body.trimStart();
  if (text.startsWith("{")) return JSON.parse(text);
  for (const line of text.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "") continue;
    const message = JSON.parse(data) as { id?: unknown };
    if (message.id !== undefined) return message;
  }
  return undefined;
}

const ACCEPT = "application/json, text/event-stream";

/** What every request of one target sends: the headers of each connection and the body. */
export interface LoadShape {
  /** Headers per connection (a 2025 session each); one entry for 2026-07-28. */
  headers: Record<string, string>[];
  body: string;
}

/** Opens a 2025 session: initialize, then notifications/initialized; the headers its calls carry. */
async function openSession(url: string): Promise<Record<string, string>> {
  const init = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: ACCEPT },
    body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: INITIALIZE_PARAMS }),
  });
  const session = init.headers.get("mcp-session-id");
  const answer = messageOf(await init.text()) as { result?: { protocolVersion?: string } } | undefined;
  if (!init.ok || !session || !answer?.result) throw new Error(`initialize at ${url} answered ${init.status} ${JSON.stringify(answer)}`);
  const headers = {
    "content-type": "application/json",
    accept: ACCEPT,
    "mcp-session-id": session,
    "mcp-protocol-version": answer.result.protocolVersion ?? LEGACY_REVISION,
  };
  const initialized = await fetch(url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
  await initialized.arrayBuffer();
  if (initialized.status >= 300) throw new Error(`notifications/initialized at ${url} answered ${initialized.status}`);
  return headers;
}

/**
 * Prepares a target's load: 2025 opens one session per connection; 2026-07-28 needs none (each
 * request carries the `_meta` envelope and the Mcp-Method/Mcp-Name headers). Then checks that the
 * exact request is answered 200 with an `echo` result, so the load never measures an error path.
 */
export async function prepareLoad(url: string, era: Era): Promise<LoadShape> {
  const headers =
    era === "legacy"
      ? await Promise.all(Array.from({ length: CONNECTIONS }, () => openSession(url)))
      : [{ "content-type": "application/json", accept: ACCEPT, "mcp-protocol-version": MODERN_REVISION, "mcp-method": "tools/call", "mcp-name": "echo" }];
  // `[<id>]` becomes a unique id per request (autocannon's idReplacement).
  const body = JSON.stringify({ jsonrpc: "2.0", id: "[<id>]", method: "tools/call", params: echoParams(era) });
  const check = await fetch(url, { method: "POST", headers: headers[0], body: body.replace("[<id>]", "check-1") });
  const text = await check.text();
  let message: unknown;
  try {
    message = messageOf(text);
  } catch {
    message = undefined;
  }
  if (check.status !== 200 || !isEchoResult(message)) throw new Error(`${era} echo at ${url} answered ${check.status}: ${text.slice(0, 300)}`);
  return { headers, body };
}

/** The figures of one load run. */
export interface HttpRound {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** MiB right after the load. */
  loadedRss: number;
  /** Server CPU time per request, in µs: steadier than req/s on a busy machine. */
  cpuPerRequest: number;
  /** Requests not answered 2xx with an echo result (should be 0). */
  failed: number;
}

/** `durationSeconds` of load from autocannon: CONNECTIONS connections, one request in flight on each. */
export async function loadRound(server: HttpServer, shape: LoadShape, durationSeconds: number): Promise<HttpRound> {
  let connection = 0;
  const cpuBefore = cpuMicrosOf(server.pid);
  const result = await autocannon({
    url: server.url,
    method: "POST",
    connections: CONNECTIONS,
    duration: durationSeconds,
    headers: shape.headers[0],
    body: shape.body,
    idReplacement: true,
    setupClient: (client) => client.setHeaders(shape.headers[connection++ % shape.headers.length]),
    verifyBody: (body) => typeof body === "string" && body.includes('"result"') && body.includes('"hello"'),
  });
  return {
    requestsPerSecond: result.requests.total / (result.duration || durationSeconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    loadedRss: memoryOf(server.pid).rss,
    cpuPerRequest: (cpuMicrosOf(server.pid) - cpuBefore) / result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts + result.mismatches,
  };
}
