import { McpKitError } from "./mcpkit-error.js";

/** Every connection of a pool was busy and the caller could not wait (queue full, or waited too long). */
export class PoolExhaustedError extends McpKitError {
  constructor(
    readonly pool: string,
    problem: string,
  ) {
    super(
      `${pool} is exhausted: ${problem}. ` +
        `Fix: raise the pool's connection or queue limit, make slow operations faster, or shed load before it reaches the pool.`,
    );
  }
}
