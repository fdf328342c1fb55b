import type { PoolHealth } from "./managed-pool.js";

/** The counters every pool keeps for `health()`: cheap increments on the call path, read on demand. */
export class PoolCounters {
  status: PoolHealth["status"] = "new";
  operations = 0;
  errors = 0;
  aborted = 0;
  lastError?: { message: string; at: string };

  succeeded(): void {
    this.operations++;
    if (this.status === "down" || this.status === "new") this.status = "up";
  }

  /** `unreachable` marks the pool down until the next success. */
  failed(error: unknown, unreachable: boolean): void {
    this.operations++;
    this.errors++;
    this.lastError = { message: error instanceof Error ? error.message : String(error), at: new Date().toISOString() };
    if (unreachable && this.status !== "closed") this.status = "down";
  }

  wasAborted(): void {
    this.operations++;
    this.aborted++;
  }
}
