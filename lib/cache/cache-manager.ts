import type { InjectionToken } from "tsyringe";
import type { CallContext } from "../context/call-context.js";
import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { CachedBehaviour, Constructor } from "../metadata/types.js";
import { callerIdentity } from "../behaviours/caller-identity.js";
import type { CacheStore } from "./cache-store.js";
import { emptyCacheStats, type CacheStats } from "./cache-stats.js";
import { GuardedStore, type CacheLog } from "./guarded-store.js";
import { LruCacheStore } from "./lru-cache-store.js";
import { MethodCache } from "./method-cache.js";
import { withTraceIds } from "../telemetry/log-correlation.js";

/** The application's cache settings (`McpApplicationOptions.cache`). */
export interface CacheOptions {
  /** Where entries live: a store, or a factory given the app's container; default an in-process LRU. */
  store?: CacheStore | ((resolve: <T>(token: InjectionToken<T>) => T) => CacheStore);
  /** Most entries of the default in-process store; default 10 000. */
  maxEntries?: number;
  /** Who the caller is, for results not declared `shared`; default `callerIdentity`. */
  callerOf?: (call: CallContext | undefined) => string | undefined;
  /** Where a failing store is reported (once per outage) and its recovery; default stderr (never stdout, the stdio protocol channel). */
  log?: CacheLog;
  /** The clock (epoch ms); tests pass a fake one to step through TTLs without waiting. */
  now?: () => number;
}

/**
 * The application's caches: read counts, evict entries. Injectable into any service.
 * @example
 * constructor(private readonly cache: CacheManager) {}
 * async rename(id: string, name: string) { await this.db.rename(id, name); await this.cache.evict(UserRepository, "findById", id); }
 */
export class CacheManager {
  private readonly caches = new Map<string, { target: Constructor; method: string; cache: MethodCache }>();
  private readonly guarded = new Map<CacheStore, GuardedStore>();
  private defaultStore?: CacheStore;
  private readonly now: () => number;

  constructor(private readonly options: CacheOptions = {}, private readonly resolve: <T>(token: InjectionToken<T>) => T = () => {
    throw new Error("This CacheManager has no container to resolve stores from");
  }) {
    this.now = options.now ?? Date.now;
  }

  /** Hit, miss and eviction counts of one cached method. */
  stats<T>(target: Constructor<T>, method: keyof T & string): CacheStats {
    return { ...(this.find(target, method)?.cache.stats ?? emptyCacheStats()) };
  }

  /** Counts of every cached method used so far, by cache name ("Class.method"). */
  allStats(): Record<string, CacheStats> {
    return Object.fromEntries([...this.caches].map(([name, { cache }]) => [name, { ...cache.stats }]));
  }

  /** Evicts the entries of one call of a cached method, for every caller. */
  evict<T>(target: Constructor<T>, method: keyof T & string, ...args: unknown[]): Promise<void> {
    return this.cacheOf(target, method).evict(args);
  }

  /** Evicts every entry of a cached method. */
  evictMethod<T>(target: Constructor<T>, method: keyof T & string): Promise<void> {
    return this.cacheOf(target, method).evictAll();
  }

  /** The cache of a method (made on first use); used when behaviours are installed. */
  cacheOf(target: Constructor, method: string, behaviour?: CachedBehaviour, refreshLimitMs?: number): MethodCache {
    const found = this.find(target, method);
    if (found) return found.cache;
    const where = `${target.name}.${method}`;
    behaviour ??= metadataStore.behavioursOf(target).get(method)?.cached;
    if (!behaviour) throw new DecoratorUsageError("Cached", where, "the method is not cached", `add @Cached() to ${where}, or evict the method that is`);
    const name = behaviour.name ?? where;
    const taken = this.caches.get(name);
    if (taken) {
      throw new DecoratorUsageError("Cached", where, `its cache name "${name}" is already used by ${taken.target.name}.${taken.method}`, `give one of them its own name: @Cached({ ttl, name: "..." })`);
    }
    const store = this.storeFor(behaviour);
    // A cache of its own in each process, while the default store is shared between instances: evictions are announced.
    const shared = this.sharedDefault();
    const announce = shared?.announceInvalidation && store.store !== shared ? (prefix: string) => shared.announceInvalidation!(prefix) : undefined;
    const cache = new MethodCache({ name, where, behaviour, store, callerOf: this.options.callerOf ?? callerIdentity, now: this.now, refreshLimitMs, announce });
    this.caches.set(name, { target, method, cache });
    return cache;
  }

  /** Closes the stores the caches used (a store's own client, if it opened one). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.guarded.keys()].map((s) => s.close?.()));
  }

  private find(target: Constructor, method: string) {
    for (const entry of this.caches.values()) if (entry.target === target && entry.method === method) return entry;
    for (const entry of this.caches.values()) if (entry.target.prototype instanceof target && entry.method === method) return entry;
    return undefined;
  }

  private storeFor(behaviour: CachedBehaviour): GuardedStore {
    let store: CacheStore;
    if (behaviour.max !== undefined || behaviour.maxSize !== undefined) store = new LruCacheStore({ max: behaviour.max, maxSize: behaviour.maxSize, now: this.options.now });
    else if (behaviour.store !== undefined) store = this.resolve(behaviour.store as InjectionToken<CacheStore>);
    else store = this.defaultStore ??= this.makeDefaultStore();
    return this.guard(store);
  }

  /** The store's guarded wrapper, made once per store, with its eviction and invalidation listeners. */
  private guard(store: CacheStore): GuardedStore {
    let guarded = this.guarded.get(store);
    if (!guarded) {
      guarded = new GuardedStore(store, this.options.log ?? ((level, message) => void process.stderr.write(`${level}: ${withTraceIds(message)}\n`)));
      this.guarded.set(store, guarded);
      store.onEvicted?.((key) => {
        const cache = this.caches.get(key.slice(0, key.indexOf("|")))?.cache;
        if (cache) cache.stats.evictions++;
      });
      store.onInvalidated?.((prefix) => this.caches.get(prefix.slice(0, prefix.indexOf("|")))?.cache.invalidatedElsewhere(prefix));
    }
    return guarded;
  }

  /** The default store when it is shared between instances (it announces evictions), listening for theirs. */
  private sharedDefault(): CacheStore | undefined {
    const { store } = this.options;
    if (!store || typeof store === "function" || !store.announceInvalidation) return undefined;
    this.defaultStore ??= store;
    this.guard(store);
    return store;
  }

  private makeDefaultStore(): CacheStore {
    const { store } = this.options;
    if (typeof store === "function") return store(this.resolve);
    return store ?? new LruCacheStore({ max: this.options.maxEntries, now: this.options.now });
  }
}
