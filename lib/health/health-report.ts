import type { PoolHealth } from "../pools/managed-pool.js";

/** The health of a whole application: its state, calls in flight, and every pool. */
export interface HealthReport {
  application: string;
  /** "up" while the application serves and no pool is down; "down" otherwise. */
  status: "up" | "down";
  /** The application's lifecycle state: new, starting, started, closing or closed. */
  state: string;
  inFlight: number;
  /** Open client connections: stdio and in-memory connections and 2025 HTTP sessions (2026-07-28 requests hold none). */
  connections: number;
  pools: PoolHealth[];
  checkedAt: string;
}

/** Assembles a report; cheap (counters only, no I/O), so a health endpoint can be polled freely. */
export function healthReport(application: string, state: string, inFlight: number, connections: number, pools: readonly { health(): PoolHealth }[]): HealthReport {
  const snapshots = pools.map((pool) => pool.health());
  const up = state === "started" && snapshots.every((p) => p.status !== "down" && p.status !== "closed");
  return { application, status: up ? "up" : "down", state, inFlight, connections, pools: snapshots, checkedAt: new Date().toISOString() };
}
