import { McpKitError } from "./mcpkit-error.js";

/** A request arrived after graceful shutdown began; sent as a JSON-RPC error so clients can retry elsewhere. */
export class ShuttingDownError extends McpKitError {
  /** JSON-RPC error code (implementation-defined server error range). */
  readonly code = -32000;

  constructor(application: string, what: string) {
    super(`Server "${application}" is shutting down and no longer accepts ${what}. Fix: retry on a running instance.`);
  }
}
