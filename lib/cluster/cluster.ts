import type { DependencyContainer } from "tsyringe";
import type { CacheOptions } from "../cache/cache-manager.js";
import type { CacheLog } from "../cache/guarded-store.js";
import { ClusterCacheStore } from "./cluster-cache-store.js";
import type { SharedLimitStore } from "../behaviours/limit-step.js";
import { parseDuration } from "../cache/duration.js";
import { ApplicationConfigurationError } from "../errors/application-configuration-error.js";
import { RedisConnection } from "../pools/redis-connection.js";
import type { RegistryEvent } from "../server/registry.js";
import { ClusterChannel } from "./cluster-channel.js";
import type { ClusterOptions } from "./cluster-options.js";
import { sharedRequestStateSecret } from "./shared-secret.js";

/**
 * What the instances of one application share on Redis: the change events every listener hears,
 * the `requestState` secret, and (through the cache) fill leases and evictions.
 */
export class Cluster {
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly channel: ClusterChannel;
  readonly fillLeaseMs?: number;
  readonly localCache?: { maxEntries: number; ttlMs: number };

  constructor(application: string, options: ClusterOptions, container: DependencyContainer, log: CacheLog, pools: readonly unknown[]) {
    this.redis = options.redis instanceof RedisConnection ? options.redis : container.resolve(options.redis);
    if (!(this.redis instanceof RedisConnection)) throw new ApplicationConfigurationError("cluster.redis", "it is not a RedisConnection", "pass the RedisConnection listed in `pools`, or its token");
    // The application starts and closes its pools; a connection outside them would never connect.
    if (!pools.includes(this.redis)) throw new ApplicationConfigurationError("cluster.redis", `${this.redis.label} is not one of the application's pools`, "list it in `pools` too");
    this.prefix = options.prefix ?? `mcpkit:${application}:`;
    this.channel = new ClusterChannel(this.redis.client, `${this.prefix}events`, log);
    if (options.fillLease !== undefined) this.fillLeaseMs = duration("cluster.fillLease", options.fillLease);
    if (options.localCache) {
      this.localCache = { maxEntries: options.localCache.maxEntries ?? 10_000, ttlMs: duration("cluster.localCache.ttl", options.localCache.ttl ?? "5s") };
    }
  }

  /** The behaviour options of a clustered application: the cluster's cache store and limits counted on Redis. */
  behaviourOptions<T extends { cache?: CacheOptions }>(options: T): T & { sharedLimits: SharedLimitStore } {
    return { ...options, cache: this.cacheOptions(options.cache), sharedLimits: { client: this.redis.client, prefix: `${this.prefix}limits:` } };
  }

  /** The cache options with the cluster's store (Redis, fill leases, evictions heard everywhere) unless a store was given. */
  cacheOptions(cache: CacheOptions = {}): CacheOptions {
    if (cache.store) return cache;
    const store = new ClusterCacheStore(this.redis.client, this.channel, { prefix: `${this.prefix}cache:`, fixedLeaseMs: this.fillLeaseMs, localCache: this.localCache });
    return { ...cache, store };
  }

  /** After the pools started: subscribes to the channel. */
  start(): Promise<void> {
    return this.channel.start();
  }

  /** The `requestState` secret: the configured one, else the one the instances share on Redis. */
  async requestStateSecret(configured: string | Uint8Array | undefined): Promise<string | Uint8Array> {
    return configured ?? sharedRequestStateSecret(this.redis.client, `${this.prefix}request-state-secret`);
  }

  /** Relays registry changes: local ones out to the other instances, theirs in to `notify`. */
  relay(subscribe: (listener: (event: RegistryEvent) => void) => void, notify: (event: RegistryEvent) => void): void {
    subscribe((event) => void this.channel.publish(event.type === "resourceUpdated" ? { kind: "resourceUpdated", uri: event.uri } : { kind: "listChanged", lists: event.lists }));
    this.channel.onMessage((message) => {
      if (message.kind === "resourceUpdated") notify({ type: "resourceUpdated", uri: message.uri });
      else if (message.kind === "listChanged") notify({ type: "listChanged", lists: message.lists });
    });
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}

function duration(option: string, value: string | number): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new ApplicationConfigurationError(option, `${JSON.stringify(value)} is not a duration above zero`, 'use milliseconds or a string such as "10s"');
  return ms;
}
