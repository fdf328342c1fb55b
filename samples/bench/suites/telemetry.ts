import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { ExportResultCode, W3CTraceContextPropagator } from "@opentelemetry/core";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { Cached, McpApplication, Service, Tool, type McpApplicationOptions } from "../../../lib/index.js";
import { benchmarkTool, type BenchmarkStats } from "../../../lib/testing/index.js";
import type { BenchSuite } from "../bench-suite.js";

@Service()
class TelemetryBenchTools {
  /** The floor: a tool that does nothing but answer (where a fixed cost weighs most). */
  @Tool()
  async trivial(id: string) {
    return { id, name: `item ${id}` };
  }

  /** Always a cache hit after the warm-up: one more span per call than `trivial`. */
  @Tool()
  @Cached({ ttl: "1h", shared: true })
  async cached(id: string) {
    return { id, name: `item ${id}` };
  }
}

/** Exports nothing: what the SDK costs the call path, without the cost of shipping spans anywhere. */
const noopSpanExporter: SpanExporter = { export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => undefined };
const noopMetricExporter: PushMetricExporter = { export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }), forceFlush: async () => undefined, shutdown: async () => undefined };

interface Scenario {
  label: string;
  telemetry: McpApplicationOptions["telemetry"];
  /** The SDK's context manager and propagator are global: registered only while this scenario runs. */
  sdkGlobals?: boolean;
}

function scenarios(): Record<"off" | "default" | "api" | "sdk", Scenario> {
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(noopSpanExporter)] });
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: noopMetricExporter, exportIntervalMillis: 60_000 })] });
  return {
    off: { label: "instrumentation off (telemetry: false)", telemetry: false },
    default: { label: "default, no SDK registered", telemetry: undefined },
    // The API's global providers with nothing registered behind them: every span and record is a no-op.
    api: { label: "API only, instrumented (no-op tracer, meter)", telemetry: { tracerProvider: trace.getTracerProvider(), meterProvider: metrics.getMeterProvider() } },
    sdk: { label: "SDK, no-op exporter (batch processor)", telemetry: { tracerProvider, meterProvider }, sdkGlobals: true },
  };
}

function withSdkGlobals(on: boolean): void {
  if (on) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  } else {
    context.disable();
    propagation.disable();
  }
}

async function connect(scenario: Scenario): Promise<{ client: Client; app: McpApplication }> {
  const app = new McpApplication({ name: "bench-telemetry", services: [TelemetryBenchTools], telemetry: scenario.telemetry });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport);
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(clientTransport);
  return { client, app };
}

/** What one scenario measured: its figures (medians over rounds) and its median ratio to the baseline. */
interface Measured {
  stats: BenchmarkStats;
  /** Median over rounds of (this round's median / the baseline's median in the same round): drift cancels out. */
  ratio: number;
}

/**
 * Many short rounds, each running every scenario once in a rotated order (each scenario takes each
 * position equally often), so load from elsewhere on the machine hits all of them alike; each
 * scenario is compared with the baseline (the first) round by round.
 */
async function measure(tool: string, all: Scenario[], clients: Client[], iterations: number, rounds: number): Promise<Measured[]> {
  const runs: BenchmarkStats[][] = all.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < all.length; step++) {
      const i = (round + step) % all.length;
      withSdkGlobals(all[i]!.sdkGlobals === true);
      runs[i]!.push(await benchmarkTool(clients[i]!, tool, (n) => ({ id: String(n % 10) }), { iterations, warmup: round === 0 ? 1000 : 50 }));
      withSdkGlobals(false);
    }
  }
  const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const pick = (list: BenchmarkStats[], field: keyof BenchmarkStats) => mid(list.map((s) => s[field]));
  return runs.map((list) => ({
    stats: {
      calls: list.reduce((n, s) => n + s.calls, 0),
      mean: pick(list, "mean"),
      median: pick(list, "median"),
      p95: pick(list, "p95"),
      p99: pick(list, "p99"),
      min: pick(list, "min"),
      max: pick(list, "max"),
      callsPerSecond: pick(list, "callsPerSecond"),
    },
    ratio: mid(list.map((s, round) => s.median / runs[0]![round]!.median)),
  }));
}

const percent = (ratio: number) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)}%`;

export const telemetrySuite: BenchSuite = {
  name: "telemetry: per-call overhead of OpenTelemetry, no SDK and SDK with a no-op exporter, vs instrumentation off (in-memory)",
  async run(report) {
    const named = scenarios();
    const all = [named.off, named.default, named.api, named.sdk];
    const connected = await Promise.all(all.map(connect));
    const clients = connected.map((c) => c.client);
    try {
      for (const tool of ["trivial", "cached"]) {
        const [off, none, api, sdk] = (await measure(tool, all, clients, 1000, 24)) as [Measured, Measured, Measured, Measured];
        report.line(`${tool} tool, one call at a time (medians over 24 rounds):`);
        [off, none, api, sdk].forEach((measured, i) => report.stats(all[i]!.label, measured.stats));
        report.ratio(`${tool}: no SDK (default)/off`, none.ratio, 1, "<= 1.02");
        report.ratio(`${tool}: API only/off`, api.ratio, 1, "<= 1.02");
        report.ratio(`${tool}: SDK/off`, sdk.ratio, 1);
        report.line(
          `${tool} overhead per call: no SDK ${percent(none.ratio)}, API only ${percent(api.ratio)}, ` +
            `SDK ${percent(sdk.ratio)} (+${((sdk.stats.median - off.stats.median) * 1000).toFixed(1)} µs on a ${(off.stats.median * 1000).toFixed(1)} µs call)`,
        );
      }
    } finally {
      for (const { client, app } of connected) {
        await client.close();
        await app.close();
      }
    }
  },
};
