import { McpKitError } from "./mcpkit-error.js";

/** A pool lost its service mid-run (refused, reset, timed out); later calls recover when it returns. */
export class PoolUnavailableError extends McpKitError {
  constructor(
    readonly pool: string,
    readonly address: string,
    cause: unknown,
  ) {
    super(`${pool} cannot reach ${address}. The call failed; calls succeed again once the service is back.`, { cause });
  }
}
