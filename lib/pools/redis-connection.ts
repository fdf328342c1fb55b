import type { Redis, RedisOptions } from "ioredis";
import { clientLibraries } from "./client-libraries.js";
import type { InjectionToken } from "tsyringe";
import { PoolClosedError } from "../errors/pool-closed-error.js";
import { PoolConfigurationError } from "../errors/pool-configuration-error.js";
import type { ManagedPool, PoolBinding, PoolHealth } from "./managed-pool.js";
import { resolvePoolAddress } from "./pool-address.js";
import { PoolCounters } from "./pool-counters.js";

/** Options of the application's Redis client; all optional when REDIS_URL is set. */
export interface RedisConnectionOptions {
  /** redis://[:password@]host:6379[/db]; default: the REDIS_URL environment variable. */
  url?: string;
  /** Names the client in messages, health and Redis `CLIENT LIST` (as mcpkit:NAME); default "redis". */
  name?: string;
  /** An extra injection token, for a second Redis. */
  token?: InjectionToken;
  /** Longest connect; default 5 000 ms. */
  connectTimeoutMs?: number;
  /**
   * Reconnection attempts a command waits through before failing while Redis is away; default 1,
   * so a call fails within a second or two instead of hanging (ioredis's own default is 20).
   */
  maxRetriesPerRequest?: number;
  /**
   * Longest a command waits for its reply; default 2 000 ms (`Infinity` for none). Past it the
   * command fails with ioredis's "Command timed out", whether Redis is slow, unreachable (the
   * command waited in the offline queue) or has stopped answering on an open connection; and a
   * connection that receives nothing for this long while commands wait is dropped and reconnected
   * (ioredis's `commandTimeout` and `socketTimeout`). Blocking commands (BLPOP, XREAD BLOCK) need a
   * limit above their own timeout, or a client of their own.
   */
  commandTimeoutMs?: number;
  /** Extra ioredis options; they win over the options above. */
  redis?: RedisOptions;
}

/**
 * One ioredis client owned by the application (Redis multiplexes commands over one connection, so
 * a pool of them buys nothing). Services inject it by this class or by ioredis's `Redis` class;
 * the Redis cache store takes the same client, so the server opens one connection, not two.
 * @example
 * const redis = new RedisConnection();
 * new McpApplication({ name: "shop", services: [ShopTools], pools: [redis], cache: { store: new RedisCacheStore(redis.client) } });
 * // in a service: constructor(private readonly redis: Redis) {}
 */
export class RedisConnection implements ManagedPool {
  readonly kind = "redis";
  readonly name: string;
  readonly address: string;
  readonly label: string;
  readonly configuredBy: string;
  readonly bindings: readonly PoolBinding[];
  /** The ioredis client; created at construction, connected by `start()`. */
  readonly client: Redis;
  private readonly counters = new PoolCounters();
  private closing?: Promise<void>;
  private started = false;
  private lastError?: Error;
  private readonly limits: { connectTimeoutMs: number; commandTimeoutMs: number };

  constructor(options: RedisConnectionOptions = {}) {
    this.name = options.name ?? "redis";
    this.label = `Redis client "${this.name}"`;
    const { url, display, source } = resolvePoolAddress(this.label, options.url, "REDIS_URL", ["redis:", "rediss:"], 6379);
    this.address = display;
    this.configuredBy = source;
    const reconnect = options.redis?.retryStrategy ?? ((times: number) => Math.min(times * 100, 2_000));
    const commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    if (!(commandTimeoutMs > 0)) throw new PoolConfigurationError(this.label, `commandTimeoutMs must be above zero (got ${commandTimeoutMs})`, "pass milliseconds, or Infinity for no limit");
    const commandTimeout = Number.isFinite(commandTimeoutMs) ? commandTimeoutMs : undefined;
    const { Redis } = clientLibraries.ioredis();
    this.client = new Redis(url.href, {
      lazyConnect: true,
      connectionName: `mcpkit:${this.name}`,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      maxRetriesPerRequest: options.maxRetriesPerRequest ?? 1,
      commandTimeout,
      socketTimeout: commandTimeout,
      ...options.redis,
      // Until started, the application's startup retry is in charge; afterwards ioredis reconnects by itself.
      retryStrategy: (times) => (this.started && !this.closing ? reconnect(times) : null),
    });
    this.limits = { connectTimeoutMs: this.client.options.connectTimeout ?? 10_000, commandTimeoutMs: this.client.options.commandTimeout ?? Infinity };
    // Without a listener ioredis prints "Unhandled error event" for every failed reconnect.
    this.client.on("error", (error: Error) => {
      this.lastError = error;
      this.counters.failed(error, this.client.status !== "ready");
    });
    this.client.on("ready", () => {
      if (this.counters.status !== "closed") this.counters.status = "up";
    });
    const bindings: PoolBinding[] = [
      { token: RedisConnection, value: this },
      { token: Redis, value: this.client },
    ];
    if (options.token !== undefined) bindings.push({ token: options.token, value: this });
    this.bindings = bindings;
  }

  /** Connects and pings; on failure the client is reset so the next attempt starts clean. */
  async start(): Promise<void> {
    if (this.closing) throw new PoolClosedError(this.label);
    this.lastError = undefined;
    try {
      if (this.client.status === "wait" || this.client.status === "end") await this.client.connect();
      await this.client.ping();
      this.started = true;
      this.counters.succeeded();
    } catch (error) {
      // ioredis rejects with "Connection is closed."; the socket's own error says why.
      throw this.lastError ?? error;
    }
  }

  /** Sends QUIT (pending replies still arrive), or drops the socket if Redis does not answer. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.counters.status = "closed";
      if (this.client.status === "end" || this.client.status === "wait") return;
      const ended = new Promise<void>((resolve) => this.client.once("end", () => resolve()));
      try {
        if (this.client.status === "ready") await this.client.quit();
      } catch {
        // Redis went away: nothing left to say goodbye to.
      } finally {
        this.client.disconnect();
      }
      await ended;
    })();
    return this.closing;
  }

  health(): PoolHealth {
    const ready = this.client.status === "ready";
    const queued = this.client.commandQueue.length + ((this.client as unknown as { offlineQueue?: { length: number } }).offlineQueue?.length ?? 0);
    return {
      name: this.name,
      kind: this.kind,
      address: this.address,
      status: this.counters.status === "up" && !ready ? "down" : this.counters.status,
      connections: { open: ready ? 1 : 0, busy: this.client.commandQueue.length > 0 ? 1 : 0, idle: ready && this.client.commandQueue.length === 0 ? 1 : 0, limit: 1 },
      waiting: queued,
      waitingLimit: null,
      operations: this.counters.operations,
      errors: this.counters.errors,
      aborted: 0,
      lastError: this.counters.lastError,
      details: { clientStatus: this.client.status, limits: this.limits },
    };
  }
}
