import { currentCall, runInCallContext, type CallContext } from "../context/call-context.js";
import { InputNeededSignal } from "../context/input-round.js";
import { CacheKeyError } from "../errors/cache-key-error.js";
import type { CachedBehaviour } from "../metadata/types.js";
import { SharedWork } from "../behaviours/shared-work.js";
import type { MethodCall } from "../behaviours/method-call.js";
import { ToolResult } from "../server/tool-result.js";
import { isPromiseLike, type CacheEntry } from "./cache-store.js";
import { emptyCacheStats } from "./cache-stats.js";
import type { GuardedStore } from "./guarded-store.js";
import { stableArgsKey, stableKey } from "./stable-key.js";
import type { Span } from "@opentelemetry/api";
import { endWhenSettled, observedCall, type CallTelemetry } from "../telemetry/observed-call.js";
import { MCPKIT_ATTR, SPAN } from "../telemetry/semantic-conventions.js";

export interface MethodCacheOptions {
  /** The cache's name: the first part of every key. */
  name: string;
  where: string;
  behaviour: CachedBehaviour;
  store: GuardedStore;
  /** Who is calling; undefined when the call has no identity to key a per-caller result by. */
  callerOf: (call: CallContext | undefined) => string | undefined;
  now: () => number;
  /** Limit of a background refresh (the method's own time limit), if any. */
  refreshLimitMs?: number;
  /**
   * For a cache kept in each process while the application shares another store between instances:
   * tells the other instances about an eviction here (theirs arrive through `invalidatedElsewhere`).
   */
  announce?: (prefix: string) => Promise<void>;
}

/**
 * The cache of one method: keys "name|arguments|caller", single flight per key (concurrent misses
 * run the method once), error results never stored, stale-while-revalidate, and invalidation that
 * also stops fills already in flight from storing what they read before it.
 */
export class MethodCache {
  readonly stats = emptyCacheStats();
  /** Runs of the method in flight, by key; `span` is the lookup that started one, for waiters to link to. */
  private readonly inflight = new Map<string, { work: SharedWork; promise: Promise<unknown>; span?: Span }>();
  private readonly refreshing = new Set<string>();
  /** Bumped by every invalidation; a fill started under an older generation does not store. */
  private generation = 0;
  private readonly countError = () => void this.stats.errors++;

  constructor(private readonly options: MethodCacheOptions) {}

  /** Wraps the rest of a method's chain with this cache. */
  wrap(inner: MethodCall): MethodCall {
    return (args) => {
      const call = currentCall();
      let key: string | undefined;
      try {
        key = this.keyOf(args, call);
      } catch (error) {
        return Promise.reject(error);
      }
      // A per-caller result for a caller with no identity is never stored: it could reach someone else.
      if (key === undefined) {
        this.stats.uncacheable++;
        return inner(args);
      }
      const telemetry = observedCall();
      const flight = this.inflight.get(key);
      if (flight) {
        this.stats.coalesced++;
        flight.work.join(call);
        // The run this call joined stopped to ask its own client something: this call runs the method itself.
        const joined = flight.promise.catch((error: unknown) => (error instanceof InputNeededSignal ? inner(args) : Promise.reject(error)));
        return telemetry ? endWhenSettled(telemetry, this.span(telemetry, SPAN.cacheWait, "coalesced", flight.span), joined) : joined;
      }
      const lookup = telemetry && this.span(telemetry, SPAN.cacheLookup);
      const found = this.options.store.get(key, this.countError);
      if (!isPromiseLike<CacheEntry | undefined>(found)) {
        return this.answer(found, key, args, call, inner, lookup) ?? this.fill(key, args, call, inner, lookup);
      }
      // A remote lookup is part of the flight, so concurrent callers share it too.
      return this.fly(key, call, lookup, async (work) => {
        const entry = await found;
        const answered = this.answer(entry, key, args, call, inner, lookup);
        if (answered) return answered;
        return this.fillWith(work, key, args, call, inner);
      });
    };
  }

  /** The key of a call; the caller part is empty for shared results; undefined for a per-caller result without a caller. */
  keyOf(args: readonly unknown[], call: CallContext | undefined): string | undefined {
    const caller = this.options.behaviour.shared ? "" : this.options.callerOf(call);
    return caller === undefined ? undefined : `${this.argsPrefix(args)}${caller}`;
  }

  /** Evicts one call's entries (for every caller). */
  async evict(args: readonly unknown[]): Promise<void> {
    const prefix = this.argsPrefix(args);
    this.invalidated((key) => key.startsWith(prefix));
    const { store } = this.options;
    await store.write((s) => (this.options.behaviour.shared ? s.delete(prefix) : s.deletePrefix(prefix)), this.countError);
    await this.options.announce?.(prefix);
  }

  /** Evicts every entry of the method. */
  async evictAll(): Promise<void> {
    this.invalidated(() => true);
    await this.options.store.write((s) => s.deletePrefix(`${this.options.name}|`), this.countError);
    await this.options.announce?.(`${this.options.name}|`);
  }

  private argsPrefix(args: readonly unknown[]): string {
    const { key } = this.options.behaviour;
    try {
      return `${this.options.name}|${key ? stableKey(key(...args)) : stableArgsKey(args)}|`;
    } catch (error) {
      throw new CacheKeyError(this.options.where, (error as Error).message);
    }
  }

  /** Entries under `prefix` were evicted on another instance: fills in flight here must not store. */
  invalidatedElsewhere(prefix: string): void {
    this.invalidated((key) => key.startsWith(prefix));
    // A cache kept in this process drops the entries itself; a shared store already has.
    if (this.options.announce) void this.options.store.write((s) => s.deletePrefix(prefix), this.countError);
  }

  private invalidated(matches: (key: string) => boolean): void {
    this.generation++;
    this.stats.invalidations++;
    for (const key of this.inflight.keys()) if (matches(key)) this.inflight.delete(key);
  }

  /** A promise of the entry's value when it can answer the call, else undefined (a miss); ends the lookup's span either way. */
  private answer(entry: CacheEntry | undefined, key: string, args: unknown[], call: CallContext | undefined, inner: MethodCall, lookup?: Span): Promise<unknown> | undefined {
    const now = entry && this.options.now();
    if (entry && now! < entry.freshUntil) {
      this.stats.hits++;
      endLookup(lookup, "hit");
      return Promise.resolve(entry.value);
    }
    if (!entry || now! >= entry.freshUntil + this.options.behaviour.staleMs) {
      endLookup(lookup, "miss");
      return undefined;
    }
    this.stats.staleHits++;
    endLookup(lookup, "stale");
    this.refresh(key, args, call, inner);
    return Promise.resolve(entry.value);
  }

  private fill(key: string, args: unknown[], call: CallContext | undefined, inner: MethodCall, lookup?: Span): Promise<unknown> {
    return this.fly(key, call, lookup, (work) => this.fillWith(work, key, args, call, inner));
  }

  private async fillWith(work: SharedWork, key: string, args: unknown[], call: CallContext | undefined, inner: MethodCall): Promise<unknown> {
    if (this.options.store.leases) return this.fillOnceInCluster(work, key, args, call, inner);
    return this.runAndStore(work, key, args, call, inner);
  }

  private async runAndStore(work: SharedWork, key: string, args: unknown[], call: CallContext | undefined, inner: MethodCall): Promise<unknown> {
    this.stats.misses++;
    const generation = this.generation;
    const value = await work.run(call, () => inner(args));
    this.store(key, value, generation);
    return value;
  }

  /**
   * Single flight across instances: the instance that takes the key's lease runs the method; the
   * others wait for it to release (or for the lease to expire, when its holder died) and read the
   * entry. The wait is bounded by the lease: past it, or when the store fails, the method runs here.
   */
  private async fillOnceInCluster(work: SharedWork, key: string, args: unknown[], call: CallContext | undefined, inner: MethodCall): Promise<unknown> {
    const { store } = this.options;
    let waitUntil: number | undefined;
    for (;;) {
      const lease = await store.lease(key, this.options.refreshLimitMs, this.countError);
      if (lease === undefined) return this.runAndStore(work, key, args, call, inner);
      if (typeof lease === "number") {
        const now = Date.now();
        waitUntil ??= now + lease + 50;
        if (now >= waitUntil) return this.runAndStore(work, key, args, call, inner);
        // Woken by the holder's release (or an eviction) at once; the timer covers a lost message and a dead holder.
        // Listening starts before the read: a release between the two is either heard or already stored.
        const released = store.leaseReleased(key, Math.min(lease + 5, waitUntil - now, 1000));
        const stored = await store.get(key, this.countError);
        const entry = stored && this.options.now() < stored.freshUntil ? stored : (await released, await store.get(key, this.countError));
        if (entry && this.options.now() < entry.freshUntil) {
          this.stats.coalesced++;
          return entry.value;
        }
        continue;
      }
      this.stats.misses++;
      const generation = this.generation;
      let value: unknown;
      try {
        value = await work.run(call, () => inner(args));
      } catch (error) {
        void store.write(() => lease.release(), this.countError);
        throw error;
      }
      if (generation !== this.generation || isErrorResult(value)) void store.write(() => lease.release(), this.countError);
      else {
        const { ttlMs, staleMs } = this.options.behaviour;
        const entry: CacheEntry = { value, freshUntil: this.options.now() + ttlMs };
        void store.write(() => lease.storeAndRelease(entry, ttlMs + staleMs), this.countError);
      }
      return value;
    }
  }

  private fly(key: string, call: CallContext | undefined, span: Span | undefined, body: (work: SharedWork) => Promise<unknown>): Promise<unknown> {
    const work = new SharedWork();
    work.join(call);
    const promise = body(work).finally(() => {
      if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
    });
    this.inflight.set(key, { work, promise, span });
    return promise;
  }

  /** A span of this cache: `{operation} {cache name}`, linked to the run a waiter joined. */
  private span(telemetry: CallTelemetry, operation: string, result?: string, joined?: Span): Span {
    const attributes = { [MCPKIT_ATTR.cacheName]: this.options.name, ...(result && { [MCPKIT_ATTR.cacheResult]: result }) };
    return telemetry.startSpan(`${operation} ${this.options.name}`, attributes, joined && { links: [joined] });
  }

  /** Refreshes a stale entry once, detached from the caller (whose call ends now), within the method's limit. */
  private refresh(key: string, args: unknown[], call: CallContext | undefined, inner: MethodCall): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    const generation = this.generation;
    const limit = this.options.refreshLimitMs;
    const telemetry = observedCall();
    const span = telemetry && this.span(telemetry, SPAN.cacheRefresh);
    const run = () => (span ? endWhenSettled(telemetry!, span, telemetry!.withSpan(span, () => inner(args))) : inner(args));
    const work = call
      ? runInCallContext({ ...call, signal: limit ? AbortSignal.timeout(limit) : new AbortController().signal, deadline: limit ? Date.now() + limit : undefined }, async () => run())
      : (async () => run())();
    work.then((value) => this.store(key, value, generation), () => undefined).finally(() => this.refreshing.delete(key));
  }

  private store(key: string, value: unknown, generation: number): void {
    if (generation !== this.generation || isErrorResult(value)) return;
    const { ttlMs, staleMs } = this.options.behaviour;
    const entry: CacheEntry = { value, freshUntil: this.options.now() + ttlMs };
    const telemetry = observedCall();
    const span = telemetry && this.span(telemetry, SPAN.cacheStore);
    const written = this.options.store.write((s) => s.set(key, entry, ttlMs + staleMs), this.countError);
    if (span) void endWhenSettled(telemetry!, span, written);
  }
}

function endLookup(span: Span | undefined, result: "hit" | "stale" | "miss"): void {
  if (!span) return;
  span.setAttribute(MCPKIT_ATTR.cacheResult, result);
  span.end();
}

/** Error results are answers to show the model, not data to keep. */
function isErrorResult(value: unknown): boolean {
  if (value instanceof ToolResult) return value.result.isError === true;
  return typeof value === "object" && value !== null && (value as { isError?: unknown }).isError === true;
}
