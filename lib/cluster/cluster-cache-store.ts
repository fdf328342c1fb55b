import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { CacheEntry, FillLease } from "../cache/cache-store.js";
import { LruCacheStore } from "../cache/lru-cache-store.js";
import { encodeEntry, RedisCacheStore } from "../cache/redis-cache-store.js";
import type { ClusterChannel } from "./cluster-channel.js";

/** Takes the lease (SET NX PX) or answers how long its holder still has it. */
const ACQUIRE = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
return redis.call('PTTL', KEYS[1])`;

/** Stores (when given a value) only while the lease is still this holder's, releases it and tells the waiters. */
const STORE_AND_RELEASE = `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`;

/** A lease key sits under its entry's key, so evicting a key or a prefix (SCAN MATCH prefix*) drops the leases too. */
const LEASE = "#lease";

export interface ClusterCacheStoreOptions {
  prefix: string;
  /** Default lease of a fill whose method has no time limit. */
  fillLeaseMs?: number;
  /** The lease of every fill, whatever the method's time limit. */
  fixedLeaseMs?: number;
  /** An in-process copy in front of Redis. */
  localCache?: { maxEntries: number; ttlMs: number };
}

/**
 * The `@Cached` store of a cluster: Redis, plus what makes several instances behave as one cache:
 * a fill lease per key (cluster-wide single flight; an eviction takes the lease away, so a fill in
 * flight cannot store what it read before it), evictions announced on the cluster channel, and an
 * optional in-process copy that every instance drops when an entry is evicted anywhere.
 */
export class ClusterCacheStore extends RedisCacheStore {
  private readonly local?: LruCacheStore;
  private readonly localTtlMs: number;
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly invalidationListeners: ((prefix: string) => void)[] = [];

  constructor(client: Redis, private readonly channel: ClusterChannel, private readonly settings: ClusterCacheStoreOptions) {
    super(client, { prefix: settings.prefix });
    if (settings.localCache) this.local = new LruCacheStore({ max: settings.localCache.maxEntries });
    this.localTtlMs = settings.localCache?.ttlMs ?? 0;
    channel.onMessage((message) => {
      if (message.kind === "released") this.wake((key) => key === message.key);
      else if (message.kind === "invalidate") this.invalidatedElsewhere(message.prefix);
    });
  }

  override get(key: string): Promise<CacheEntry | undefined> {
    const near = this.local?.get(key);
    if (near) return Promise.resolve(near);
    if (!this.local) return super.get(key);
    return super.get(key).then((entry) => {
      if (entry) this.keepLocally(key, entry);
      return entry;
    });
  }

  override async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    await super.set(key, entry, ttlMs);
    this.keepLocally(key, entry, ttlMs);
  }

  override async delete(key: string): Promise<void> {
    this.local?.delete(key);
    this.requireReady();
    await this.client.unlink(this.prefix + key, this.prefix + key + LEASE);
    await this.channel.publish({ kind: "invalidate", prefix: key });
  }

  override async deletePrefix(prefix: string): Promise<void> {
    this.local?.deletePrefix(prefix);
    await super.deletePrefix(prefix);
    await this.channel.publish({ kind: "invalidate", prefix });
  }

  async lease(key: string, ms: number | undefined): Promise<FillLease | number> {
    this.requireReady();
    const leaseMs = Math.max(1, Math.ceil(this.settings.fixedLeaseMs ?? ms ?? this.settings.fillLeaseMs ?? 10_000));
    const token = randomUUID();
    const leaseKey = this.prefix + key + LEASE;
    const held = (await this.client.eval(ACQUIRE, 1, leaseKey, token, leaseMs)) as number;
    // -2: the holder's lease expired between SET and PTTL; the caller asks again at once.
    if (held !== -1) return Math.max(0, held);
    const finish = async (entry: CacheEntry | undefined, ttlMs: number) => {
      const text = entry ? encodeEntry(entry) ?? "" : "";
      const released = this.channel.encode({ kind: "released", key });
      const stored = (await this.client.eval(STORE_AND_RELEASE, 2, this.prefix + key, leaseKey, token, text, Math.max(1, Math.ceil(ttlMs)), this.channel.name, released)) as number;
      if (stored === 1 && entry && text) this.keepLocally(key, entry, ttlMs);
      this.wake((waiting) => waiting === key);
    };
    return { storeAndRelease: (entry, ttlMs) => finish(entry, ttlMs), release: () => finish(undefined, 1) };
  }

  leaseReleased(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set!.delete(done);
        if (set!.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms).unref();
      set.add(done);
    });
  }

  announceInvalidation(prefix: string): Promise<void> {
    return this.channel.publish({ kind: "invalidate", prefix });
  }

  onInvalidated(listener: (prefix: string) => void): void {
    this.invalidationListeners.push(listener);
  }

  private invalidatedElsewhere(prefix: string): void {
    this.local?.deletePrefix(prefix);
    for (const listener of this.invalidationListeners) listener(prefix);
    this.wake((key) => key.startsWith(prefix));
  }

  private wake(matches: (key: string) => boolean): void {
    for (const [key, set] of this.waiters) if (matches(key)) for (const done of [...set]) done();
  }

  /** Keeps a copy here for at most the local TTL, and never past the entry's freshness or its Redis TTL. */
  private keepLocally(key: string, entry: CacheEntry, ttlMs = Infinity): void {
    if (!this.local) return;
    const ms = Math.min(this.localTtlMs, ttlMs, entry.freshUntil - Date.now());
    if (ms >= 1) this.local.set(key, entry, ms);
  }
}
