import { LRUCache } from "lru-cache";
import type { CacheEntry, CacheStore } from "./cache-store.js";

/** Bounds of an in-process store. */
export interface LruCacheStoreOptions {
  /** Most entries kept; default 10 000. */
  max?: number;
  /** Most total size kept, measured by `sizeOf` (default: length of the value as JSON). */
  maxSize?: number;
  sizeOf?: (value: unknown) => number;
  /** The clock (epoch ms); tests pass a fake one to step through TTLs without waiting. */
  now?: () => number;
}

/**
 * The default store: an in-process LRU (lru-cache) holding values as they are, so a hit costs a
 * map lookup. Entries are per process; use `RedisCacheStore` to share them between instances.
 * Treat cached objects as read-only: every hit returns the same object.
 */
export class LruCacheStore implements CacheStore {
  private readonly lru: LRUCache<string, CacheEntry>;
  private readonly listeners: ((key: string) => void)[] = [];

  constructor(options: LruCacheStoreOptions = {}) {
    const sizeOf = options.sizeOf ?? ((value: unknown) => JSON.stringify(value)?.length ?? 1);
    const now = options.now;
    this.lru = new LRUCache<string, CacheEntry>({
      max: options.max ?? 10_000,
      ...(options.maxSize ? { maxSize: options.maxSize, sizeCalculation: (entry: CacheEntry) => Math.max(1, sizeOf(entry.value)) } : {}),
      ...(now ? { perf: { now } } : {}),
      dispose: (_entry, key, reason) => {
        if (reason === "evict") for (const listener of this.listeners) listener(key);
      },
    });
  }

  get(key: string): CacheEntry | undefined {
    return this.lru.get(key);
  }

  set(key: string, entry: CacheEntry, ttlMs: number): void {
    this.lru.set(key, entry, { ttl: ttlMs });
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  deletePrefix(prefix: string): void {
    for (const key of [...this.lru.keys()]) if (key.startsWith(prefix)) this.lru.delete(key);
  }

  onEvicted(listener: (key: string) => void): void {
    this.listeners.push(listener);
  }

  /** Entries currently held. */
  get size(): number {
    return this.lru.size;
  }
}
