import { PoolStartupError } from "../errors/pool-startup-error.js";
import type { ManagedPool } from "../pools/managed-pool.js";

/** How hard startup tries to reach a pool's service before giving up. */
export interface StartupRetryOptions {
  /** Attempts in all; default 5. */
  attempts?: number;
  /** Wait before the second attempt, doubling after each failure; default 200 ms. */
  initialDelayMs?: number;
  /** The longest wait between attempts; default 2 000 ms. */
  maxDelayMs?: number;
  /** Told of each failed attempt that will be retried (for logs, and for tests to act on). */
  onRetry?(event: { pool: ManagedPool; attempt: number; error: unknown; delayMs: number }): void;
}

/**
 * Starts a pool, retrying with exponential backoff while its service is not up yet (a database
 * container still booting); after the last attempt, a PoolStartupError names the pool and address.
 */
export async function startWithRetry(pool: ManagedPool, options: StartupRetryOptions = {}): Promise<void> {
  const attempts = Math.max(1, options.attempts ?? 5);
  let delay = options.initialDelayMs ?? 200;
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.start();
      return;
    } catch (error) {
      if (attempt >= attempts) throw new PoolStartupError(pool.label, pool.address, attempt, performance.now() - started, error, pool.configuredBy);
      options.onRetry?.({ pool, attempt, error, delayMs: delay });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 2_000);
    }
  }
}
