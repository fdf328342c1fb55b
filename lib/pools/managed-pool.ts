import type { InjectionToken } from "tsyringe";

/** One way services inject a pool: a token and the value it gives (the pool itself, or its client). */
export interface PoolBinding {
  token: InjectionToken;
  value: unknown;
}

/** What `health()` reports about one pool; a plain JSON-able snapshot. */
export interface PoolHealth {
  name: string;
  kind: string;
  /** host:port[/database], never a password. */
  address: string;
  /** "new" before start, "up" after a success, "down" after a connection-level failure, "closed". */
  status: "new" | "up" | "down" | "closed";
  connections: { open: number; busy: number; idle: number; limit: number };
  /** Callers waiting for a connection, and how many may wait before new ones fail at once. */
  waiting: number;
  /** null when unbounded. */
  waitingLimit: number | null;
  /** Operations finished (successfully or not), failures among them, and operations aborted by their call. */
  operations: number;
  errors: number;
  aborted: number;
  lastError?: { message: string; at: string };
  /** Kind-specific figures (per-origin stats of an HTTP pool, a Redis client's state). */
  details?: Record<string, unknown>;
}

/**
 * A connection pool the application owns: it registers the bindings in its container, starts the
 * pool before any service (retrying while the service is not up), and closes it after every service.
 */
export interface ManagedPool {
  readonly kind: string;
  readonly name: string;
  readonly address: string;
  /** How the pool names itself in messages, e.g. `MySQL pool "db"`. */
  readonly label: string;
  /** Where the address is configured (`MYSQL_URL`, `the "url" option`), named in startup errors. */
  readonly configuredBy?: string;
  readonly bindings: readonly PoolBinding[];
  /** One attempt to connect and verify the service; the application retries it. */
  start(): Promise<void>;
  /** Closes every connection; idempotent. */
  close(): Promise<void>;
  health(): PoolHealth;
}

export function isManagedPool(value: unknown): value is ManagedPool {
  const pool = value as ManagedPool | null;
  return typeof pool?.start === "function" && typeof pool.close === "function" && typeof pool.health === "function" && Array.isArray(pool.bindings);
}
