import type { InjectionToken } from "tsyringe";
import type { Duration } from "../cache/duration.js";
import type { RedisConnection } from "../pools/redis-connection.js";

/**
 * Running several instances of one application behind a load balancer: what they share on Redis.
 * @example
 * const redis = new RedisConnection();
 * new McpApplication({ name: "shop", services, pools: [redis], cluster: { redis } });
 */
export interface ClusterOptions {
  /** The Redis every instance uses: one of the application's pools, or the token it is bound to. */
  redis: RedisConnection | InjectionToken<RedisConnection>;
  /** Prefix of every Redis key and of the channel; default `mcpkit:<application name>:`. Instances of one application share it. */
  prefix?: string;
  /**
   * How long one instance may hold the fill of a `@Cached` key before another instance takes over
   * (a holder that died); default the method's time limit, else 10 s.
   */
  fillLease?: Duration;
  /**
   * An in-process copy of `@Cached` results in front of Redis (hits cost no round trip), dropped on
   * every instance when an entry is evicted anywhere; kept at most `ttl` (default 5 s), so an
   * eviction message lost during a Redis outage is outlived quickly. Default: off.
   */
  localCache?: { maxEntries?: number; ttl?: Duration };
}
