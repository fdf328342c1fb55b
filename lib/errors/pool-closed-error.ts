import { McpKitError } from "./mcpkit-error.js";

/** A pool was used after the application closed it. */
export class PoolClosedError extends McpKitError {
  constructor(pool: string) {
    super(`${pool} is closed: the application shut it down. Fix: do not use a pool after app.close(); start a new application.`);
  }
}
