import type { Attributes } from "@opentelemetry/api";
import { observedCall } from "../telemetry/observed-call.js";
import { ATTR, EVENT, MCPKIT_ATTR, SPAN } from "../telemetry/semantic-conventions.js";

// The pools' spans, when the call is observed (one branch otherwise): waits for a connection, SQL
// statements by kind (never their values), HTTP requests by method, host and status.

/** Which pool, as spans and metrics name it. */
export interface PoolIdentity {
  readonly name: string;
  readonly kind: string;
}

/** Where a SQL pool's statements go. */
export interface SqlTarget extends PoolIdentity {
  readonly database?: string;
  readonly host: string;
  readonly port: number;
}

/** A wait for a connection: a `pool.acquire` span and `mcpkit.pool.wait_time`, whether it got one or gave up. */
export async function observeAcquire<T>(pool: PoolIdentity, acquire: () => Promise<T>): Promise<T> {
  const telemetry = observedCall();
  if (!telemetry) return acquire();
  const span = telemetry.startSpan(`${SPAN.poolAcquire} ${pool.name}`, poolAttributes(pool));
  const started = performance.now();
  try {
    const acquired = await acquire();
    telemetry.endSpan(span);
    return acquired;
  } catch (error) {
    telemetry.endSpan(span, error);
    throw error;
  } finally {
    telemetry.recordPoolWait(pool, (performance.now() - started) / 1000);
  }
}

/** One SQL statement as a CLIENT span `{kind} {database}` (`SELECT shop`); a killed one also gets a `mcpkit.query.killed` event. */
export async function observeStatement<T>(target: SqlTarget, sql: string, run: () => Promise<T>): Promise<T> {
  const telemetry = observedCall();
  if (!telemetry) return run();
  const operation = statementKind(sql);
  const attributes: Attributes = {
    ...poolAttributes(target),
    [ATTR.dbSystemName]: "mysql",
    [ATTR.dbOperationName]: operation,
    [ATTR.serverAddress]: target.host,
    [ATTR.serverPort]: target.port,
  };
  if (target.database) attributes[ATTR.dbNamespace] = target.database;
  const span = telemetry.startSpan(`${operation} ${target.database ?? target.name}`, attributes, { kind: "client" });
  try {
    const result = await telemetry.withSpan(span, run);
    telemetry.endSpan(span);
    return result;
  } catch (error) {
    telemetry.endSpan(span, error);
    throw error;
  }
}

/** Marks the moment a running query's call gave up and `KILL QUERY` was sent for it (on the statement's span). */
export function queryKillSent(threadId: number): void {
  observedCall()?.addEvent(EVENT.queryKilled, { [MCPKIT_ATTR.queryThreadId]: threadId });
}

/**
 * One HTTP request as a CLIENT span named by its method, with host, port and response status (a
 * status of 400 or more is the span's `error.type`); the trace context goes out in its headers.
 */
export async function observeHttpRequest<T extends { status: number }>(pool: PoolIdentity, method: string, url: URL, headers: Record<string, string>, run: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  const telemetry = observedCall();
  if (!telemetry) return run(headers);
  const span = telemetry.startSpan(method, {
    ...poolAttributes(pool),
    [ATTR.httpRequestMethod]: method,
    [ATTR.serverAddress]: url.hostname,
    [ATTR.serverPort]: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    [ATTR.urlScheme]: url.protocol.slice(0, -1),
  }, { kind: "client" });
  // The caller's headers stay as they were: the trace context goes on a copy.
  const sent = { ...headers };
  telemetry.withSpan(span, () => telemetry.inject(sent));
  try {
    const response = await run(sent);
    span.setAttribute(ATTR.httpResponseStatusCode, response.status);
    telemetry.endSpan(span, response.status >= 400 ? httpStatusFailure(response.status) : undefined);
    return response;
  } catch (error) {
    telemetry.endSpan(span, error);
    throw error;
  }
}

function poolAttributes(pool: PoolIdentity): Attributes {
  return { [MCPKIT_ATTR.poolName]: pool.name, [MCPKIT_ATTR.poolKind]: pool.kind };
}

/** The statement's first keyword (SELECT, INSERT, ...): what it does, never what it reads or writes. */
function statementKind(sql: string): string {
  return /^\s*(?:\/\*.*?\*\/\s*)*([A-Za-z]+)/s.exec(sql)?.[1]?.toUpperCase() ?? "SQL";
}

/** The conventions record an HTTP error status as `error.type`, the status code itself. */
function httpStatusFailure(status: number): Error {
  const error = new Error(`HTTP ${status}`);
  error.name = String(status);
  return error;
}
