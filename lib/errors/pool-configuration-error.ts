import { McpKitError } from "./mcpkit-error.js";

/** A pool was created without what it needs to connect (no URL, an unparsable URL, a bad limit). */
export class PoolConfigurationError extends McpKitError {
  constructor(pool: string, problem: string, fix: string) {
    super(`${pool}: ${problem}. Fix: ${fix}.`);
  }
}
