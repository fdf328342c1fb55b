import { isPromiseLike, type CacheEntry, type CacheStore } from "./cache-store.js";

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
