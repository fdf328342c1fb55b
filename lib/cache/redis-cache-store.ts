import type { Redis, RedisOptions } from "ioredis";
import { clientLibraries } from "../pools/client-libraries.js";
import type { CacheEntry, CacheStore } from "./cache-store.js";
import { decodeValue, encodeValue } from "./value-codec.js";

/**
 * ioredis options that make commands fail at once while Redis is unreachable, instead of queueing
 * until it returns: a cache that waits for Redis would make every call as slow as the outage.
 * Give them to the application's shared client too.
 */
export const REDIS_FAIL_FAST_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 500,
  // Keep reconnecting (every 50 ms, backing off to 2 s) so the cache recovers when Redis returns.
  retryStrategy: (times) => Math.min(50 * times, 2000),
};

export interface RedisCacheStoreOptions {
  /** Prepended to every key, so several applications can share one Redis; default "mcpkit:cache:". */
  prefix?: string;
}

/**
 * A cache shared by every server instance that uses the same Redis. Takes the application's
 * existing ioredis client (one connection for all cached methods); values are stored as JSON
 * (see `encodeValue`). While Redis is unreachable, calls run the method uncached.
 * @example
 * new McpApplication({ name: "users", services, cache: { store: new RedisCacheStore(redis) } });
 */
export class RedisCacheStore implements CacheStore {
  protected readonly prefix: string;

  constructor(readonly client: Redis, options: RedisCacheStoreOptions = {}, private readonly ownsClient = false) {
    this.prefix = options.prefix ?? "mcpkit:cache:";
  }

  /**
   * A store with its own client for `url` (default: the REDIS_URL environment variable), opened with
   * `REDIS_FAIL_FAST_OPTIONS` and closed with the application. Create it once per application.
   */
  static fromUrl(url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379", options: RedisCacheStoreOptions = {}): RedisCacheStore {
    const client = new (clientLibraries.ioredis().Redis)(url, REDIS_FAIL_FAST_OPTIONS);
    // Connection errors surface as failed cache operations (one warning per outage), not as crashes.
    client.on("error", () => undefined);
    return new RedisCacheStore(client, options, true);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    this.requireReady();
    const text = await this.client.get(this.prefix + key);
    if (text === null) return undefined;
    const { v, f } = JSON.parse(text) as { v: string; f: number };
    return { value: decodeValue(v), freshUntil: f };
  }

  async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    this.requireReady();
    const text = encodeEntry(entry);
    if (text === undefined) return;
    await this.client.set(this.prefix + key, text, "PX", Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    this.requireReady();
    await this.client.unlink(this.prefix + key);
  }

  /** Scans for the prefix's keys (SCAN, never KEYS) and unlinks them in batches. */
  async deletePrefix(prefix: string): Promise<void> {
    this.requireReady();
    const pattern = (this.prefix + prefix).replace(/[*?[\]\\]/g, "\\$&") + "*";
    let cursor = "0";
    do {
      const [next, keys] = await this.client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length > 0) await this.client.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.disconnect();
  }

  // A client whose offline queue is on would hold commands until Redis returns; fail at once instead.
  protected requireReady(): void {
    if (this.client.status !== "ready") throw new Error(`Redis is not connected (client status "${this.client.status}")`);
  }
}

/** An entry as stored in Redis; undefined for a value with functions or symbols (it stays uncached: not a failure of Redis). */
export function encodeEntry(entry: CacheEntry): string | undefined {
  try {
    return JSON.stringify({ v: encodeValue(entry.value), f: entry.freshUntil });
  } catch {
    return undefined;
  }
}
