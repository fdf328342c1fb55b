import type { Connection, ConnectionOptions, Pool, PoolConnection, PoolOptions, ResultSetHeader, RowDataPacket } from "mysql2/promise";
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
import { ABORTED, KillUnansweredError, QueryAbortedSignal, dropConnection, firstOf, isUnreachableError, runKillable } from "./mysql-killable-query.js";
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
  /**
   * Longest a statement runs when the caller passes no `timeoutMs`; then it is killed on the server
   * (QueryKilledError naming this option). Bounds a whole `withConnection` callback too. Counted
   * from when the connection is handed over (the wait for one is `acquireTimeoutMs`). Default
   * 10 000 ms; `Infinity` for none.
   */
  queryTimeoutMs?: number;
  /**
   * Once a statement must stop (its time ran out, its call was cancelled), how long the server gets
   * to stop it: KILL from a fresh connection, then the statement's own reply. A server that answers
   * neither has stopped answering: the connection is dropped and the statement fails with
   * PoolUnavailableError instead of waiting for as long as the outage lasts. Default 5 000 ms, as
   * long as a connect may take: the kill needs a new connection, and giving up on a server that is
   * only slow would leave the statement running there.
   */
  killTimeoutMs?: number;
  /** Extra mysql2 pool options (charset, timezone, ssl, ...). */
  mysql?: Omit<PoolOptions, "uri" | "connectionLimit" | "queueLimit">;
}

/** Per-query options; the ambient call signal applies in any case. */
export interface QueryOptions {
  signal?: AbortSignal;
  /**
   * Kill the query after this long, counted from the call (a wait for a connection included), even
   * if the call has more time. Replaces the pool's `queryTimeoutMs` for this query, higher or lower.
   */
  timeoutMs?: number;
}

/** What a write returns. */
export interface WriteResult {
  affectedRows: number;
  insertId: number;
  changedRows: number;
}

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
  private readonly connectTimeoutMs: number;
  private readonly queryTimeoutMs: number;
  private readonly killTimeoutMs: number;
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
    // mysql2's own connectTimeout, when given in `mysql`, counts too (its 0 means no limit).
    const mysqlConnectTimeout = options.mysql?.connectTimeout === 0 ? Infinity : options.mysql?.connectTimeout;
    this.connectTimeoutMs = options.connectTimeoutMs ?? mysqlConnectTimeout ?? 5_000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
    this.killTimeoutMs = options.killTimeoutMs ?? 5_000;
    for (const [option, value] of [["acquireTimeoutMs", this.acquireTimeoutMs], ["connectTimeoutMs", this.connectTimeoutMs], ["queryTimeoutMs", this.queryTimeoutMs], ["killTimeoutMs", this.killTimeoutMs]] as const) {
      if (!(value > 0)) throw new PoolConfigurationError(this.label, `${option} must be above zero (got ${value})`, `pass milliseconds, or Infinity for no limit`);
    }
    this.connectionOptions = {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || "root"),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
      ...options.mysql,
      connectTimeout: mysqlTimeout(this.connectTimeoutMs),
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

  /** Opens one connection and pings the server; a ping unanswered within connectTimeoutMs fails. */
  async start(): Promise<void> {
    this.assertOpen();
    const connection = await this.pool.getConnection();
    const ping = connection.ping();
    try {
      if (!(await settlesWithinOrThrow(ping, this.connectTimeoutMs))) {
        ping.catch(() => undefined);
        throw Object.assign(new Error(`the server accepted the connection but did not answer a ping within connectTimeoutMs (${this.connectTimeoutMs} ms)`), { code: "ETIMEDOUT" });
      }
    } catch (error) {
      if (isUnreachableError(error)) dropConnection(connection);
      else connection.release();
      throw error;
    }
    connection.release();
    this.counters.succeeded();
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
   * The callback runs under the call's deadline and `queryTimeoutMs` (or `timeoutMs`): when either
   * runs out, the connection is killed on the server (KILL CONNECTION, which rolls back an open
   * transaction) and dropped, and the call fails with PoolOperationAbortedError. Whether a
   * statement in flight at that moment took effect is unknown.
   */
  async withConnection<R>(work: (connection: PoolConnection) => Promise<R>, options?: QueryOptions): Promise<R> {
    return this.lease(
      options,
      async (connection, scope) => {
        const running = work(connection);
        const first = await firstOf(running, scope.signal);
        if (first !== ABORTED) return first;
        running.catch(() => undefined);
        try {
          await this.kill("CONNECTION", connection.threadId, this.killTimeoutMs);
        } catch (killError) {
          throw new QueryAbortedSignal(false, killError, killError instanceof KillUnansweredError);
        }
        throw new QueryAbortedSignal(true);
      },
      (error, connection, scope) => {
        if (error instanceof QueryAbortedSignal) {
          const what = `a withConnection callback (connection ${connection.threadId})`;
          if (error.unanswered) {
            const unanswered = this.unanswered(error, `${what} had to stop because ${scope.reason()}`);
            this.counters.failed(unanswered, true);
            return { error: unanswered, reusable: false };
          }
          this.counters.wasAborted();
          const outcome = error.killed
            ? `its connection was killed on the server (KILL CONNECTION ${connection.threadId}), which rolls back an open transaction`
            : `killing its connection failed (${describe(error.killError)}), so the connection was dropped`;
          return { error: new PoolOperationAbortedError(this.label, what, `${scope.reason()}; ${outcome}`), reusable: false };
        }
        const unreachable = isUnreachableError(error);
        this.counters.failed(error, unreachable);
        return { error, reusable: !unreachable };
      },
    );
  }

  private run(sql: string, values: readonly unknown[] | undefined, options: QueryOptions | undefined): Promise<unknown> {
    return this.lease(
      options,
      (connection, scope) =>
        observeStatement(this.target, sql, async () => {
          try {
            return (await runKillable(connection, sql, values?.map(emptyListToNull), scope.signal, (id, withinMs) => this.kill("QUERY", id, withinMs), this.killTimeoutMs))[0];
          } catch (error) {
            if (!(error instanceof QueryAbortedSignal)) throw error;
            if (error.unanswered) throw this.unanswered(error, `the query had to stop because ${scope.reason()}`, sql);
            const reason = scope.reason() + (error.killed ? "" : `; the kill itself failed (${describe(error.killError)}), so the connection was dropped`);
            throw new QueryKilledError(this.label, connection.threadId, sql, reason);
          }
        }),
      (error) => {
        if (error instanceof QueryKilledError) {
          this.counters.wasAborted();
          return { error, reusable: false };
        }
        if (error instanceof PoolUnavailableError) {
          // The server answered neither the kill nor the query (see `unanswered`): down until the next success.
          this.counters.failed(error, true);
          return { error, reusable: false };
        }
        const unreachable = isUnreachableError(error);
        this.counters.failed(error, unreachable);
        return { error: unreachable ? new PoolUnavailableError(this.label, this.address, error) : error, reusable: !unreachable };
      },
    );
  }

  /**
   * The error for a statement that had to stop and got no answer, to the kill or on its own
   * connection, within killTimeoutMs: the server has stopped answering.
   */
  private unanswered(signal: QueryAbortedSignal, stopped: string, sql?: string): PoolUnavailableError {
    const cause = new Error(
      `${stopped}, and the server did not stop it within killTimeoutMs (${this.killTimeoutMs} ms): ${describe(signal.killError)}. ` +
        `The server has stopped answering, so the connection was dropped instead of waited for (change the limit with the killTimeoutMs option of ${this.label}).` +
        (sql === undefined ? "" : ` SQL: ${sql.length > 200 ? sql.slice(0, 200) + "…" : sql}`),
    );
    return new PoolUnavailableError(this.label, this.address, cause);
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
    // The pool's own limit starts now: the wait for a connection has acquireTimeoutMs.
    const limited = options?.timeoutMs === undefined && Number.isFinite(this.queryTimeoutMs);
    const inner = limited
      ? abortScope([scope.signal], this.queryTimeoutMs, `it ran longer than ${this.queryTimeoutMs} ms, the pool's queryTimeoutMs (change it with the queryTimeoutMs option of ${this.label}, or pass { timeoutMs } for one call)`)
      : scope;
    const runScope: AbortScope = { signal: inner.signal, reason: () => (scope.signal.aborted ? scope.reason() : inner.reason()), dispose: () => inner.dispose() };
    let reusable = true;
    try {
      const result = await work(connection, runScope);
      this.counters.succeeded();
      return result;
    } catch (error) {
      const outcome = failure(error, connection, runScope);
      reusable = outcome.reusable;
      throw outcome.error;
    } finally {
      inner.dispose();
      scope.dispose();
      if (reusable) connection.release();
      else dropConnection(connection);
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
      this.counters.failed(error, isUnreachableError(error));
      throw isUnreachableError(error) ? new PoolUnavailableError(this.label, this.address, error) : error;
    }
  }

  /**
   * KILL QUERY or KILL CONNECTION from a fresh connection (the pool's own may all be busy), within
   * `withinMs` in all: mysql2's connectTimeout bounds the connect and its query timeout the KILL.
   * Rejects with KillUnansweredError when the server does not answer in time.
   */
  private kill(what: "QUERY" | "CONNECTION", threadId: number, withinMs: number): Promise<void> {
    const kill = (async () => {
      const started = performance.now();
      const left = () => Math.max(1, Math.ceil(withinMs - (performance.now() - started)));
      const statement = `KILL ${what} ${threadId}`;
      let killer: Connection;
      try {
        killer = await clientLibraries.mysql2().createConnection({ ...this.connectionOptions, connectTimeout: mysqlTimeout(Math.min(this.connectTimeoutMs, left())) });
      } catch (error) {
        if (isUnreachableError(error)) throw new KillUnansweredError(`${statement} could not be sent (${describe(error)})`);
        throw error;
      }
      try {
        await killer.query({ sql: `KILL ${what} ?`, values: [threadId], timeout: Number.isFinite(withinMs) ? left() : undefined });
      } catch (error) {
        dropConnection(killer);
        if (isUnreachableError(error)) throw new KillUnansweredError(`${statement} got no reply (${describe(error)})`);
        throw error;
      }
      await killer.end().catch(() => dropConnection(killer));
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
      details: { limits: { connectTimeoutMs: this.connectTimeoutMs, acquireTimeoutMs: this.acquireTimeoutMs, queryTimeoutMs: this.queryTimeoutMs, killTimeoutMs: this.killTimeoutMs } },
    };
  }

  private assertOpen(): void {
    if (this.closing) throw new PoolClosedError(this.label);
  }
}

/** mysql2 takes 0 for "no limit" (a timer of Infinity would fire at once). */
function mysqlTimeout(ms: number): number {
  return Number.isFinite(ms) ? ms : 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Like `settlesWithin`, but a rejection of `work` is thrown. */
async function settlesWithinOrThrow(work: Promise<unknown>, ms: number): Promise<boolean> {
  if (!Number.isFinite(ms)) return work.then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

// `IN (?)` with [] would render `IN ()`, a syntax error; `IN (NULL)` matches nothing.
function emptyListToNull(value: unknown): unknown {
  return Array.isArray(value) && value.length === 0 ? [null] : value;
}
