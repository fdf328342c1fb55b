import { setTimeout as delay } from "node:timers/promises";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { Cached, McpApplication, Service, Tool } from "../../../lib/index.js";
import { benchmarkTool, type BenchmarkStats } from "../../../lib/testing/index.js";
import type { BenchSuite } from "../bench-suite.js";

const BACKEND_MS = 20;

@Service()
class CatalogTools {
  /** The floor: a tool that does nothing but answer. */
  @Tool()
  async trivial(id: string) {
    return { id, name: `item ${id}` };
  }

  /** A backend call of 20 ms, every time. */
  @Tool()
  async uncached(id: string) {
    await delay(BACKEND_MS);
    return { id, name: `item ${id}` };
  }

  /** The same backend call behind @Cached. */
  @Tool()
  @Cached({ ttl: "10m", shared: true })
  async cached(id: string) {
    await delay(BACKEND_MS);
    return { id, name: `item ${id}` };
  }
}

async function connect(app: McpApplication): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport);
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}

/** Medians over alternating rounds, so drift on the machine hits both tools alike. */
async function alternate(client: Client, tools: string[], iterations: number, rounds: number): Promise<Record<string, BenchmarkStats>> {
  const runs: Record<string, BenchmarkStats[]> = Object.fromEntries(tools.map((t) => [t, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? tools : [...tools].reverse();
    for (const tool of order) {
      runs[tool]!.push(await benchmarkTool(client, tool, (i) => ({ id: String(i % 10) }), { iterations, warmup: round === 0 ? 500 : 50 }));
    }
  }
  const mid = (list: BenchmarkStats[], pick: (s: BenchmarkStats) => number) => list.map(pick).sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  return Object.fromEntries(
    Object.entries(runs).map(([tool, list]) => [
      tool,
      { calls: list.reduce((n, s) => n + s.calls, 0), mean: mid(list, (s) => s.mean), median: mid(list, (s) => s.median), p95: mid(list, (s) => s.p95), p99: mid(list, (s) => s.p99), min: mid(list, (s) => s.min), max: mid(list, (s) => s.max), callsPerSecond: mid(list, (s) => s.callsPerSecond) },
    ]),
  );
}

export const cacheSuite: BenchSuite = {
  name: "cache: @Cached hit vs the transport floor, cached vs uncached 20 ms backend (in-memory)",
  async run(report) {
    const app = new McpApplication({ name: "bench-cache", services: [CatalogTools] });
    const client = await connect(app);
    try {
      const uncached = await benchmarkTool(client, "uncached", (i) => ({ id: String(i % 10) }), { iterations: 100, warmup: 5 });
      const floor = await alternate(client, ["trivial", "cached"], 3000, 6);
      report.stats("uncached (20 ms backend)", uncached);
      report.stats("cached, hits (10 keys)", floor.cached!);
      report.stats("trivial tool (transport floor)", floor.trivial!);
      report.ratio("uncached/cached median (speed-up)", uncached.median, floor.cached!.median);
      report.ratio("cache hit/trivial median", floor.cached!.median, floor.trivial!.median, "<= 1.1");
      report.ratio("cache hit/trivial mean", floor.cached!.mean, floor.trivial!.mean, "<= 1.1");
      const stats = app.cache.stats(CatalogTools, "cached");
      report.line(`cache counts: ${stats.hits} hits, ${stats.misses} misses (one per key)`);
    } finally {
      await client.close();
      await app.close();
    }
  },
};
