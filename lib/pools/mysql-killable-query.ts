import type { FieldPacket, PoolConnection, QueryResult } from "mysql2/promise";
import { queryKillSent } from "./pool-telemetry.js";

/** What happened to one query run under a signal. */
export interface KillableOutcome {
  result: [QueryResult, FieldPacket[]];
}

/** Thrown by `runKillable` when the signal aborted and the query was killed; carries whether the kill worked. */
export class QueryAbortedSignal extends Error {
  constructor(readonly killed: boolean, readonly killError?: unknown) {
    super("query aborted");
  }
}

/**
 * Runs a query on `connection`; when `signal` aborts first, stops it on the SERVER with `kill`
 * (KILL QUERY from another connection), waits until the query has really stopped, and rejects
 * with QueryAbortedSignal. The caller must then destroy the connection rather than reuse it, so a
 * late KILL can never hit the next caller's statement.
 */
export async function runKillable(
  connection: PoolConnection,
  sql: string,
  values: unknown,
  signal: AbortSignal | undefined,
  kill: (threadId: number) => Promise<void>,
): Promise<[QueryResult, FieldPacket[]]> {
  const pending = connection.query<QueryResult>({ sql, values: values as never });
  if (!signal) return pending;
  let onAbort!: () => void;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const first = await Promise.race([pending, aborted]);
    if (first !== "aborted") return first;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  pending.catch(() => undefined);
  queryKillSent(connection.threadId);
  try {
    await kill(connection.threadId);
  } catch (killError) {
    // The database cannot be reached to kill: do not wait for the query; the socket is dropped.
    throw new QueryAbortedSignal(false, killError);
  }
  await pending.catch(() => undefined);
  throw new QueryAbortedSignal(true);
}
