import type { ConnectionOptions, Pool, PoolConnection, PoolOptions, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { clientLibraries } from "./client-libraries.js";
import type { InjectionToken } from "tsyringe";
import { currentSignal } from "../context/call-context.js";
import { PoolClosedError } from "../errors/pool-closed-error.js";
import { PoolConfigurationError } from "../errors/pool-configuration-error.js";
import { PoolExhaustedError } from "../errors/pool-exhausted-error.js";
import { PoolOperationAbortedError } from "../errors/pool-operation-aborted-error.js";
import { PoolUnavailableError } from "../errors/pool-unavailable-error.js";
import { QueryKilledError } from "../errors/query-killed-error.js";
import { abortScope, describeAbortReason, type AbortScope } from "./abort-scope.js";
import { ConcurrencyLimiter } from "./concurrency-limiter.js";
import type { ManagedPool, PoolBinding, PoolHealth } from "./managed-pool.js";
import { QueryAbortedSignal, runKillable } from "./mysql-killable-query.js";
import { resolvePoolAddress } from "./pool-address.js";
import { PoolCounters } from "./pool-counters.js";
import { observeAcquire, observeStatement, type SqlTarget } from "./pool-telemetry.js";

/** Options of a MySQL/MariaDB pool; all optional when MYSQL_URL is set. */
export interface MySqlPoolOptions {
  /** mysql://user:password@host:3306/database; default: the MYSQL_URL environment variable. */
  url?: string;
  /** Names the pool in messages and health; default "mysql". */
  name?: string;
  /** An extra injection token, for a second database: `@inject("analytics") db: MySqlPool`. */
  token?: InjectionToken;
  /** Open connections at most; default 10. */
  connectionLimit?: number;
  /** Callers that may wait for a connection; the next one fails at once. Default 100. */
  queueLimit?: number;
  /** Longest wait for a connection before failing; default 10 000 ms. */
  acquireTimeoutMs?: number;
  /** Idle connections kept open; default connectionLimit (all stay warm). */
  maxIdle?: number;
  /** Idle connections beyond `maxIdle` close after this long; default 60 000 ms. */
  idleTimeoutMs?: number;
  /** TCP keep-alive on every connection after this idle delay; default 30 000 ms. */
  keepAliveMs?: number;
  /** Longest TCP connect + handshake; default 5 000 ms. */
  connectTimeoutMs?: number;
  /** Extra mysql2 pool options (charset, timezone, ssl, ...). */
  mysql?: Omit<PoolOptions, "uri" | "connectionLimit" | "queueLimit">;
}

/** Per-query options; the ambient call signal applies in any case. */
export interface QueryOptions {
  signal?: AbortSignal;
  /** Kill the query after this long even if the call has more time. */
  timeoutMs?: number;
}

/** What a write returns. */
export interface WriteResult {
  affectedRows: number;
  insertId: number;
  changedRows: number;
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "PROTOCOL_CONNECTION_LOST", "ER_CON_COUNT_ERROR"]);

/**
 * A mysql2 promise pool owned by the application: at most `connectionLimit` connections, a bounded
 * queue, and queries that honour the ambient call deadline by being killed on the server.
 * @example
 * new McpApplication({ name: "shop", services: [ShopTools], pools: [new MySqlPool()] });
 * // in a service: constructor(private readonly db: MySqlPool) {}
 * const users = await this.db.query<User>("SELECT * FROM users WHERE id IN (?)", [ids]);
 */
export class MySqlPool implements ManagedPool {
  readonly kind = "mysql";
  readonly name: string;
  readonly address: string;
  readonly label: string;
  readonly configuredBy: string;
  readonly bindings: readonly PoolBinding[];
  /** The underlying mysql2 pool, for what this class does not wrap (streams, prepared statements). */
  readonly pool: Pool;
  private readonly limiter: ConcurrencyLimiter;
  private readonly counters = new PoolCounters();
  private readonly acquireTimeoutMs: number;
  private readonly connectionOptions: ConnectionOptions;
  /** How statements are named in traces: the database and server, never a password. */
  private readonly target: SqlTarget;
  private closing?: Promise<void>;
  private readonly kills = new Set<Promise<unknown>>();

  constructor(options: MySqlPoolOptions = {}) {
    this.name = options.name ?? "mysql";
    this.label = `MySQL pool "${this.name}"`;
    const { url, display, source } = resolvePoolAddress(this.label, options.url, "MYSQL_URL", ["mysql:", "mariadb:"], 3306);
    this.address = display;
    this.configuredBy = source;
    const connectionLimit = options.connectionLimit ?? 10;
    const queueLimit = options.queueLimit ?? 100;
    if (!(connectionLimit >= 1) || !(queueLimit >= 0)) {
      throw new PoolConfigurationError(this.label, `connectionLimit must be at least 1 and queueLimit at least 0 (got ${connectionLimit}, ${queueLimit})`, "pass positive limits");
    }
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 10_000;
    this.connectionOptions = {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || "root"),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      ...options.mysql,
    };
    this.target = { name: this.name, kind: this.kind, database: this.connectionOptions.database, host: this.connectionOptions.host!, port: this.connectionOptions.port! };
    // mysql2 queues nothing itself: the limiter admits at most connectionLimit callers, so its
    // queue stays empty and waiters can be dropped on abort or timeout.
    this.pool = clientLibraries.mysql2().createPool({
      ...this.connectionOptions,
      connectionLimit,
      maxIdle: options.maxIdle ?? connectionLimit,
      idleTimeout: options.idleTimeoutMs ?? 60_000,
      enableKeepAlive: true,
      keepAliveInitialDelay: options.keepAliveMs ?? 30_000,
      waitForConnections: true,
      queueLimit: 0,
    });
    this.limiter = new ConcurrencyLimiter(connectionLimit, queueLimit, {
      queueFull: (limit) => new PoolExhaustedError(this.label, `all ${connectionLimit} connections are busy and ${limit} callers are already waiting (queueLimit)`),
      timedOut: (ms) => new PoolExhaustedError(this.label, `waited ${Math.round(ms)} ms for one of ${connectionLimit} busy connections (acquireTimeoutMs ${this.acquireTimeoutMs})`),
      aborted: (reason) => new PoolOperationAbortedError(this.label, "a query waiting for a connection", describeAbortReason(reason)),
    });
    const bindings: PoolBinding[] = [{ token: MySqlPool, value: this }];
    if (options.token !== undefined) bindings.push({ token: options.token, value: this });
    this.bindings = bindings;
  }

  /** Opens one connection and pings the server. */
  async start(): Promise<void> {
    this.assertOpen();
    const connection = await this.pool.getConnection();
    try {
      await connection.ping();
      this.counters.succeeded();
    } finally {
      connection.release();
    }
  }

  /** Rows of a SELECT. Arrays expand for `IN (?)`; an empty array matches nothing instead of failing. */
  async query<T extends object = RowDataPacket>(sql: string, values?: readonly unknown[], options?: QueryOptions): Promise<T[]> {
    return (await this.run(sql, values, options)) as T[];
  }

  /** An INSERT, UPDATE, DELETE or DDL statement. */
  async update(sql: string, values?: readonly unknown[], options?: QueryOptions): Promise<WriteResult> {
    const header = (await this.run(sql, values, options)) as ResultSetHeader;
    return { affectedRows: header.affectedRows, insertId: header.insertId, changedRows: header.changedRows ?? 0 };
  }

  /**
   * Holds one connection for several statements (a transaction); released afterwards even on error.
   * Statements on the raw connection do not honour the call deadline: keep the callback short.
   */
  async withConnection<R>(work: (connection: PoolConnection) => Promise<R>, options?: QueryOptions): Promise<R> {
    return this.lease(options, (connection) => work(connection), (error) => {
      const unreachable = isUnreachable(error);
      this.counters.failed(error, unreachable);
      return { error, reusable: !unreachable };
    });
  }

  private run(sql: string, values: readonly unknown[] | undefined, options: QueryOptions | undefined): Promise<unknown> {
    return this.lease(
      options,
      (connection, scope) =>
        observeStatement(this.target, sql, async () => {
          try {
            return (await runKillable(connection, sql, values?.map(emptyListToNull), scope.signal, (id) => this.killQuery(id)))[0];
          } catch (error) {
            if (!(error instanceof QueryAbortedSignal)) throw error;
            const reason = scope.reason() + (error.killed ? "" : `; the kill itself failed, so the connection was dropped`);
            throw new QueryKilledError(this.label, connection.threadId, sql, reason);
          }
        }),
      (error) => {
        if (error instanceof QueryKilledError) {
          this.counters.wasAborted();
          return { error, reusable: false };
        }
        const unreachable = isUnreachable(error);
        this.counters.failed(error, unreachable);
        return { error: unreachable ? new PoolUnavailableError(this.label, this.address, error) : error, reusable: !unreachable };
      },
    );
  }

  /**
   * Holds one connection for `work` under the call's abort scope, and always gives it back: released
   * when reusable, destroyed when `failure` says it is not (killed query, lost server).
   */
  private async lease<R>(
    options: QueryOptions | undefined,
    work: (connection: PoolConnection, scope: AbortScope) => Promise<R>,
    failure: (error: unknown, connection: PoolConnection, scope: AbortScope) => { error: unknown; reusable: boolean },
  ): Promise<R> {
    const scope = abortScope([options?.signal, currentSignal()], options?.timeoutMs);
    let connection: PoolConnection;
    try {
      connection = await observeAcquire(this, () => this.acquire(scope.signal));
    } catch (error) {
      scope.dispose();
      throw error;
    }
    let reusable = true;
    try {
      const result = await work(connection, scope);
      this.counters.succeeded();
      return result;
    } catch (error) {
      const outcome = failure(error, connection, scope);
      reusable = outcome.reusable;
      throw outcome.error;
    } finally {
      scope.dispose();
      if (reusable) connection.release();
      else connection.destroy();
      this.limiter.release();
    }
  }

  /** A place from the limiter, then a connection from mysql2 (which never has to queue). Counts its own failures. */
  private async acquire(signal: AbortSignal): Promise<PoolConnection> {
    this.assertOpen();
    try {
      await this.limiter.acquire(signal, this.acquireTimeoutMs);
    } catch (error) {
      if (error instanceof PoolOperationAbortedError) this.counters.wasAborted();
      else this.counters.failed(error, false);
      throw error;
    }
    try {
      this.assertOpen();
      return await this.pool.getConnection();
    } catch (error) {
      this.limiter.release();
      if (error instanceof PoolClosedError) throw error;
      this.counters.failed(error, isUnreachable(error));
      throw isUnreachable(error) ? new PoolUnavailableError(this.label, this.address, error) : error;
    }
  }

  /** KILL QUERY from a fresh connection: the pool's own connections may all be busy. */
  private killQuery(threadId: number): Promise<void> {
    const kill = (async () => {
      const killer = await clientLibraries.mysql2().createConnection(this.connectionOptions);
      try {
        await killer.query("KILL QUERY ?", [threadId]);
      } finally {
        await killer.end().catch(() => killer.destroy());
      }
    })();
    this.kills.add(kill);
    void kill.finally(() => this.kills.delete(kill)).catch(() => undefined);
    return kill;
  }

  /** Ends every connection (idle ones at once; busy ones when released). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.counters.status = "closed";
      await Promise.allSettled([...this.kills]);
      await this.pool.end();
    })();
    return this.closing;
  }

  health(): PoolHealth {
    const core = (this.pool as unknown as { pool: { _allConnections: { length: number }; _freeConnections: { length: number } } }).pool;
    const open = core._allConnections.length;
    const idle = core._freeConnections.length;
    return {
      name: this.name,
      kind: this.kind,
      address: this.address,
      status: this.counters.status,
      connections: { open, busy: this.limiter.inUse, idle, limit: this.limiter.limit },
      waiting: this.limiter.waiting,
      waitingLimit: this.limiter.maxWaiting,
      operations: this.counters.operations,
      errors: this.counters.errors,
      aborted: this.counters.aborted,
      lastError: this.counters.lastError,
    };
  }

  private assertOpen(): void {
    if (this.closing) throw new PoolClosedError(this.label);
  }
}

function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; fatal?: boolean } | null;
  return !!e && (e.fatal === true || (e.code !== undefined && UNREACHABLE_CODES.has(e.code)));
}

// `IN (?)` with [] would render `IN ()`, a syntax error; `IN (NULL)` matches nothing.
function emptyListToNull(value: unknown): unknown {
  return Array.isArray(value) && value.length === 0 ? [null] : value;
}
