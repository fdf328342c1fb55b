import type { Client } from "@modelcontextprotocol/client";

/** Latency statistics of a run, in milliseconds, plus throughput. */
export interface BenchmarkStats {
  calls: number;
  mean: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  /** Completed calls per second over the whole run. */
  callsPerSecond: number;
}

/** Summarises per-call latencies (ms) measured over `elapsedMs`. */
export function summarize(latencies: number[], elapsedMs: number): BenchmarkStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    calls: sorted.length,
    mean: sum / sorted.length,
    median: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    callsPerSecond: (sorted.length / elapsedMs) * 1000,
  };
}

export interface BenchmarkOptions {
  /** Measured calls; default 1000. */
  iterations?: number;
  /** Unmeasured calls first, to warm JIT and caches; default 100. */
  warmup?: number;
  /** Calls kept in flight at once; default 1 (pure latency). */
  concurrency?: number;
}

/** Times any async operation: `iterations` calls, `concurrency` at a time, after a warm-up. */
export async function benchmark(operation: (index: number) => Promise<unknown>, options: BenchmarkOptions = {}): Promise<BenchmarkStats> {
  const iterations = options.iterations ?? 1000;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  for (let i = 0; i < (options.warmup ?? 100); i++) await operation(i);
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < iterations) {
      const index = next++;
      const start = performance.now();
      await operation(index);
      latencies.push(performance.now() - start);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, iterations) }, worker));
  return summarize(latencies, performance.now() - start);
}

/**
 * Times one tool through a connected MCP client: mean, median, p95, p99, min, max and calls/s.
 * A call that returns an error result fails the run, so a broken tool cannot look fast.
 * @example
 * const stats = await benchmarkTool(client, "get_user", { id: "1" }, { iterations: 500 });
 */
export async function benchmarkTool(client: Client, name: string, args: Record<string, unknown> | ((index: number) => Record<string, unknown>), options: BenchmarkOptions = {}): Promise<BenchmarkStats> {
  return benchmark(async (index) => {
    const result = await client.callTool({ name, arguments: typeof args === "function" ? args(index) : args });
    if (result.isError) throw new Error(`benchmarkTool: "${name}" returned an error: ${JSON.stringify(result.content)}`);
  }, options);
}
