/** One cached result. */
export interface CacheEntry {
  value: unknown;
  /** Epoch ms until which the entry is fresh; after it, until the store drops it, it is stale. */
  freshUntil: number;
}

/**
 * Where cached results live. Methods may answer synchronously (an in-process store) or with a
 * promise (a network store); a store that fails rejects, and the caller then runs the method.
 * Keys are "name|arguments|caller"; `deletePrefix("name|")` drops a whole method's entries.
 */
export interface CacheStore {
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /** Stores an entry for `ttlMs` (the fresh time plus any stale window). */
  set(key: string, entry: CacheEntry, ttlMs: number): void | Promise<void>;
  delete(key: string): void | Promise<void>;
  deletePrefix(prefix: string): void | Promise<void>;
  /** Tells `listener` about entries the store drops to respect its bounds (for eviction counts). */
  onEvicted?(listener: (key: string) => void): void;
  /**
   * Cluster-wide single flight, for stores shared between processes: a lease on filling `key` for
   * `ms` (undefined: the store's default), or the milliseconds the current holder still has it.
   */
  lease?(key: string, ms: number | undefined): Promise<FillLease | number>;
  /** Resolves when `key`'s lease is released or evicted on any instance, or after `ms`. */
  leaseReleased?(key: string, ms: number): Promise<void>;
  /** Tells `listener` about entries evicted on another instance (by key prefix), so fills in flight here do not store. */
  onInvalidated?(listener: (prefix: string) => void): void;
  /** Tells the other instances that entries under `prefix` of a cache kept elsewhere (in each process) were evicted. */
  announceInvalidation?(prefix: string): Promise<void>;
  /** Releases what the store owns (a connection it opened itself). */
  close?(): Promise<void>;
}

/** One instance's hold on filling a key (see `CacheStore.lease`). */
export interface FillLease {
  /** Stores the entry only if the lease is still held (an eviction since took it away), then releases it. */
  storeAndRelease(entry: CacheEntry, ttlMs: number): Promise<void>;
  /** Releases the lease without storing (the method failed, or answered an error). */
  release(): Promise<void>;
}

export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === "function";
}
