import { McpKitError } from "./mcpkit-error.js";

/** A pool operation (an HTTP request, a wait for a connection) was aborted by its call's signal or a timeout. */
export class PoolOperationAbortedError extends McpKitError {
  constructor(
    readonly pool: string,
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`${pool}: ${operation} was aborted because ${reason}.`);
  }
}
