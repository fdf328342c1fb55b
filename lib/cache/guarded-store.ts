import { isPromiseLike, type CacheEntry, type CacheStore, type FillLease } from "./cache-store.js";

/** Where the cache reports an unusable store and its recovery. */
export type CacheLog = (level: "warn" | "info", message: string) => void;

/**
 * A store whose failures never reach the caller: an operation that throws or rejects counts as a
 * miss (or a skipped write), one warning is logged per outage, and one notice when it works again.
 */
export class GuardedStore {
  private healthy = true;

  constructor(readonly store: CacheStore, private readonly log: CacheLog) {}

  get(key: string, onError: () => void): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    try {
      const found = this.store.get(key);
      if (!isPromiseLike<CacheEntry | undefined>(found)) return this.succeeded(found);
      return Promise.resolve(found).then(
        (entry) => this.succeeded(entry),
        (error) => this.failed(error, onError),
      );
    } catch (error) {
      return this.failed(error, onError);
    }
  }

  /** Runs a write (set, delete, deletePrefix); resolves when done, never rejects. */
  write(operation: (store: CacheStore) => void | Promise<void>, onError: () => void): Promise<void> {
    try {
      const done = operation(this.store);
      if (!isPromiseLike(done)) return Promise.resolve(this.succeeded(undefined));
      return Promise.resolve(done).then(
        () => void this.succeeded(undefined),
        (error) => this.failed(error, onError),
      );
    } catch (error) {
      return Promise.resolve(this.failed(error, onError));
    }
  }

  /** True when the store offers cluster-wide single flight (`CacheStore.lease`). */
  get leases(): boolean {
    return typeof this.store.lease === "function";
  }

  /** A lease on filling `key`, the ms its holder still has it, or undefined when the store failed (the caller fills unleased). */
  async lease(key: string, ms: number | undefined, onError: () => void): Promise<FillLease | number | undefined> {
    let taken: FillLease | number | undefined;
    await this.write(async (store) => {
      taken = await store.lease!(key, ms);
    }, onError);
    return taken;
  }

  /** Resolves when `key`'s lease is released anywhere, or after `ms`. */
  leaseReleased(key: string, ms: number): Promise<void> {
    return this.store.leaseReleased?.(key, ms) ?? Promise.resolve();
  }

  private succeeded<T>(value: T): T {
    if (!this.healthy) {
      this.healthy = true;
      this.log("info", `Cache store ${this.store.constructor.name} works again; caching resumed.`);
    }
    return value;
  }

  private failed(error: unknown, onError: () => void): undefined {
    onError();
    if (this.healthy) {
      this.healthy = false;
      const reason = error instanceof Error ? error.message : String(error);
      this.log("warn", `Cache store ${this.store.constructor.name} failed (${reason}); cached methods run uncached until it works again.`);
    }
    return undefined;
  }
}
