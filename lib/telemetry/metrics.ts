import { ValueType, createNoopMeter, type Attributes, type BatchObservableCallback, type Histogram, type Meter, type Observable } from "@opentelemetry/api";
import type { CacheStats } from "../cache/cache-stats.js";
import type { PoolHealth } from "../pools/managed-pool.js";
import { BATCH_SIZE_BUCKETS, DURATION_BUCKETS, MCPKIT_ATTR, METRIC, WAIT_BUCKETS } from "./semantic-conventions.js";

/** What an application's gauges read when a metric reader collects (nothing is counted per call for them). */
export interface MetricSources {
  activeCalls(): number;
  cacheStats(): Record<string, CacheStats>;
  pools(): readonly PoolHealth[];
}

const NOOP_METER = createNoopMeter().constructor;

/** Cache counts as `mcpkit.cache.requests` results. */
const CACHE_RESULTS = [
  ["hit", (s: CacheStats) => s.hits],
  ["stale", (s: CacheStats) => s.staleHits],
  ["miss", (s: CacheStats) => s.misses],
  ["coalesced", (s: CacheStats) => s.coalesced],
  ["uncacheable", (s: CacheStats) => s.uncacheable],
] as const;

/**
 * An application's instruments. Histograms are recorded where the work happens (once per request,
 * batch or pool wait); counts mcpkit already keeps (calls in flight, cache stats, pool health) are
 * observed only when a reader collects, so they cost the call path nothing.
 */
export class McpMetrics {
  /** False when the meter is the API's no-op: per-request attributes are then not even built. */
  readonly enabled: boolean;
  readonly operationDuration: Histogram;
  readonly batchSize: Histogram;
  readonly poolWait: Histogram;
  private readonly observables: Observable[];
  private callback?: BatchObservableCallback;

  constructor(private readonly meter: Meter) {
    this.enabled = !(meter instanceof NOOP_METER);
    this.operationDuration = meter.createHistogram(METRIC.operationDuration, {
      unit: "s",
      description: "MCP request duration as observed on the server, from the request received until its result or error is sent.",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.batchSize = meter.createHistogram(METRIC.batchSize, {
      unit: "{key}",
      description: "Keys per call of a @Batched method's batch method.",
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: BATCH_SIZE_BUCKETS },
    });
    this.poolWait = meter.createHistogram(METRIC.poolWaitTime, {
      unit: "s",
      description: "How long a caller waited for a pool connection.",
      advice: { explicitBucketBoundaries: WAIT_BUCKETS },
    });
    this.observables = [
      meter.createObservableUpDownCounter(METRIC.activeCalls, { unit: "{call}", description: "Tool calls, resource reads and prompt gets in flight.", valueType: ValueType.INT }),
      meter.createObservableCounter(METRIC.cacheRequests, { unit: "{request}", description: "@Cached lookups by method and result.", valueType: ValueType.INT }),
      meter.createObservableCounter(METRIC.cacheEvictions, { unit: "{entry}", description: "Entries that left a @Cached method's cache, by reason.", valueType: ValueType.INT }),
      meter.createObservableCounter(METRIC.cacheErrors, { unit: "{operation}", description: "Cache store operations that failed (the method ran uncached).", valueType: ValueType.INT }),
      meter.createObservableUpDownCounter(METRIC.poolConnections, { unit: "{connection}", description: "Open pool connections by state (used, idle).", valueType: ValueType.INT }),
      meter.createObservableUpDownCounter(METRIC.poolPendingRequests, { unit: "{request}", description: "Callers waiting for a pool connection.", valueType: ValueType.INT }),
    ];
  }

  /** Reports the application's counts at every collection until `stop()`. */
  observe(sources: MetricSources): void {
    const [activeCalls, cacheRequests, cacheEvictions, cacheErrors, poolConnections, poolPending] = this.observables as [Observable, Observable, Observable, Observable, Observable, Observable];
    this.callback = (result) => {
      result.observe(activeCalls, sources.activeCalls());
      for (const [name, stats] of Object.entries(sources.cacheStats())) {
        const cache = { [MCPKIT_ATTR.cacheName]: name };
        for (const [value, count] of CACHE_RESULTS) result.observe(cacheRequests, count(stats), { ...cache, [MCPKIT_ATTR.cacheResult]: value });
        result.observe(cacheEvictions, stats.evictions, { ...cache, [MCPKIT_ATTR.cacheEvictionReason]: "bounds" });
        result.observe(cacheEvictions, stats.invalidations, { ...cache, [MCPKIT_ATTR.cacheEvictionReason]: "invalidated" });
        result.observe(cacheErrors, stats.errors, cache);
      }
      for (const pool of sources.pools()) {
        const attributes: Attributes = { [MCPKIT_ATTR.poolName]: pool.name, [MCPKIT_ATTR.poolKind]: pool.kind };
        result.observe(poolConnections, pool.connections.busy, { ...attributes, [MCPKIT_ATTR.poolConnectionState]: "used" });
        result.observe(poolConnections, pool.connections.idle, { ...attributes, [MCPKIT_ATTR.poolConnectionState]: "idle" });
        result.observe(poolPending, pool.waiting, attributes);
      }
    };
    this.meter.addBatchObservableCallback(this.callback, this.observables);
  }

  /** Stops reporting a closed application's counts. */
  stop(): void {
    if (this.callback) this.meter.removeBatchObservableCallback(this.callback, this.observables);
    this.callback = undefined;
  }
}
