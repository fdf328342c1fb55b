import { McpKitError } from "./mcpkit-error.js";

/**
 * A call arrived after graceful shutdown began. A tool call gets it as an error result; a resource
 * read or prompt get as a JSON-RPC error with this code; either way the client can retry elsewhere.
 */
export class ShuttingDownError extends McpKitError {
  /** JSON-RPC error code (implementation-defined server error range). */
  readonly code = -32000;

  constructor(application: string, what: string) {
    super(`Server "${application}" is shutting down and no longer accepts ${what}. Fix: retry on a running instance.`);
  }
}
