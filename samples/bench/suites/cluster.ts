import { Redis } from "ioredis";
import { requireCommonJs } from "../../../lib/runtime/commonjs.js";
import { haproxyInstalled, LocalCluster } from "../../cluster/local-cluster.js";
import type { BenchSuite } from "../bench-suite.js";
import { MODERN_META } from "./peers-targets.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** Concurrent 2026-07-28 clients: autocannon connections, one request in flight each. */
const CLIENTS = 300;
const SECONDS = Number(process.env.CLUSTER_BENCH_SECONDS ?? 10);

/** The part of autocannon's API used here (the package ships no types). */
interface Autocannon {
  (options: Record<string, unknown>): AutocannonRun;
}
interface AutocannonRun extends Promise<AutocannonResult> {
  stop(): void;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

/** One get_user call as a 2026-07-28 client sends it: no session, the envelope in `_meta`. */
function getUserRequest(id: number): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: {
      name: "get_user",
      arguments: { id },
      _meta: MODERN_META,
    },
  });
}

interface Outcome {
  result: AutocannonResult;
  /** Answers that were HTTP 2xx but carried a JSON-RPC error or an isError result. */
  failedInBody: number;
}

/** Runs autocannon against `url` until `until` settles (or for `seconds`). */
async function load(url: string, seconds: number, until?: Promise<unknown>): Promise<Outcome> {
  const autocannon = requireCommonJs("autocannon") as Autocannon;
  let failedInBody = 0;
  let next = 0;
  const run = autocannon({
    url,
    method: "POST",
    connections: CLIENTS,
    duration: seconds,
    // A loaded 2-core machine answers slowly; a call is counted failed only past this (seconds).
    timeout: 30,
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "get_user" },
    requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: getUserRequest((next++ % 50) + 1) }) }],
    setupClient: (client: { on(event: "body", listener: (body: Buffer) => void): void }) => {
      client.on("body", (body) => {
        const text = body.toString();
        if (text.includes('"error":') || text.includes('"isError":true')) failedInBody++;
      });
    },
  });
  if (until) void until.finally(() => run.stop());
  return { result: await run, failedInBody };
}

const failed = (o: Outcome) => o.result.errors + o.result.non2xx + o.failedInBody;

/**
 * get_user throughput through HAProxy in front of 1 and then 3 flagship instances (Redis-shared
 * cache), at 300 concurrent 2026-07-28 clients; then a rolling restart of the 3 under that load.
 */
export const clusterSuite: BenchSuite = {
  name: "cluster",
  async unavailable() {
    if (!haproxyInstalled()) return "haproxy is not installed (Debian: apt-get install haproxy)";
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
    try {
      await redis.connect();
      await redis.ping();
      return undefined;
    } catch (error) {
      return `Redis is not reachable at ${REDIS_URL} (${(error as Error).message})`;
    } finally {
      redis.disconnect();
    }
  },
  async run(report) {
    const env = { ...process.env, REDIS_URL, MYSQL_URL: "" };
    report.line(`get_user, ${CLIENTS} concurrent 2026-07-28 clients (autocannon, in this process), ${SECONDS} s per run, flagship in-memory data, cache on Redis`);
    const throughput: number[] = [];
    let steady: Outcome | undefined;
    for (const instances of [1, 3]) {
      const cluster = new LocalCluster({ port: 0, instances, env });
      await cluster.start();
      try {
        await load(cluster.url, 2); // warm-up: JIT, connections, cache entries
        const outcome = await load(cluster.url, SECONDS);
        throughput.push(outcome.result.requests.average);
        report.line(`${instances} instance(s): ${outcome.result.requests.average.toFixed(0)} calls/s  p50 ${outcome.result.latency.p50} ms  p99 ${outcome.result.latency.p99} ms  failed ${failed(outcome)}`);
        if (instances === 3) {
          steady = outcome;
          const restart = cluster.rollingRestart();
          const during = await load(cluster.url, 300, restart);
          await restart;
          report.line(`rolling restart of 3 under load (${during.result.duration.toFixed(1)} s): completed ${during.result.requests.total - failed(during)}, failed ${failed(during)} (non-2xx ${during.result.non2xx}, connection errors ${during.result.errors} of which timeouts ${during.result.timeouts}, error answers ${during.failedInBody})`);
          report.ratio("p99 during restart / steady (3)", during.result.latency.p99, steady.result.latency.p99);
        }
      } finally {
        await cluster.stop();
      }
    }
    report.ratio("throughput 3 instances / 1", throughput[1]!, throughput[0]!);
  },
};
