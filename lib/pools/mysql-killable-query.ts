import type { Connection, FieldPacket, PoolConnection, QueryResult } from "mysql2/promise";
import { queryKillSent } from "./pool-telemetry.js";

/** What happened to one query run under a signal. */
export interface KillableOutcome {
  result: [QueryResult, FieldPacket[]];
}

/**
 * Thrown by `runKillable` when the signal aborted. `killed`: the server stopped the query and said
 * so in time. Otherwise `killError` says why not: the kill failed, or (`unanswered`) the server did
 * not answer the kill or the query within the kill's time limit, i.e. it has stopped answering.
 */
export class QueryAbortedSignal extends Error {
  constructor(
    readonly killed: boolean,
    readonly killError?: unknown,
    readonly unanswered = false,
  ) {
    super("query aborted");
  }
}

/** The server did not answer within a kill's time limit (the kill's connect, the KILL, or the query's own reply). */
export class KillUnansweredError extends Error {
  readonly code = "MCPKIT_KILL_UNANSWERED";
}

/** Stops a statement or connection on the server (KILL ... from another connection) within `withinMs`. */
export type Kill = (threadId: number, withinMs: number) => Promise<void>;

/**
 * Runs a query on `connection`; when `signal` aborts first, stops it on the SERVER with `kill`
 * (KILL QUERY from another connection), waits until the query has really stopped, and rejects
 * with QueryAbortedSignal. The caller must then destroy the connection rather than reuse it, so a
 * late KILL can never hit the next caller's statement.
 *
 * The kill and the wait for the query's own reply share one limit, `killTimeoutMs`: a server that
 * answers neither within it has stopped answering (a dead peer, a network partition), and the
 * query is given up on rather than waited for without end.
 */
export async function runKillable(
  connection: PoolConnection,
  sql: string,
  values: unknown,
  signal: AbortSignal | undefined,
  kill: Kill,
  killTimeoutMs: number,
): Promise<[QueryResult, FieldPacket[]]> {
  const pending = connection.query<QueryResult>({ sql, values: values as never });
  if (!signal) return pending;
  if ((await firstOf(pending, signal)) === ABORTED) {
    pending.catch(() => undefined);
    queryKillSent(connection.threadId);
    const started = performance.now();
    try {
      await kill(connection.threadId, killTimeoutMs);
    } catch (killError) {
      // The database cannot be reached to kill: do not wait for the query; the socket is dropped.
      throw new QueryAbortedSignal(false, killError, killError instanceof KillUnansweredError);
    }
    const left = killTimeoutMs - (performance.now() - started);
    if (!(await settlesWithin(pending, left))) {
      const unanswered = new KillUnansweredError(`KILL QUERY ${connection.threadId} was accepted, but the query's own connection got no reply`);
      throw new QueryAbortedSignal(false, unanswered, true);
    }
    throw new QueryAbortedSignal(true);
  }
  return pending;
}

/** What `firstOf` returns when the signal aborted first. */
export const ABORTED = Symbol("aborted");

/** The work's outcome, or ABORTED when the signal aborts first; the listener is always removed. */
export async function firstOf<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return ABORTED;
  let onAbort!: () => void;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** True when `work` settles (either way) within `ms`; never rejects. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  if (!Number.isFinite(ms)) {
    await work.catch(() => undefined);
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a connection at once, without the goodbye mysql2's `destroy()` waits for: on a peer that has
 * stopped answering, that would keep the socket (and the process) alive until the peer closes it.
 */
export function dropConnection(connection: Connection | PoolConnection): void {
  connection.destroy();
  (connection as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.();
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "PROTOCOL_CONNECTION_LOST", "PROTOCOL_SEQUENCE_TIMEOUT", "ER_CON_COUNT_ERROR"]);

/** A connection-level failure: the server is unreachable or stopped answering (not a SQL error). */
export function isUnreachableError(error: unknown): boolean {
  const e = error as { code?: string; fatal?: boolean } | null;
  return !!e && (e.fatal === true || (e.code !== undefined && UNREACHABLE_CODES.has(e.code)));
}
