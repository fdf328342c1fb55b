import { McpKitError } from "./mcpkit-error.js";

/**
 * The request itself is wrong (an unknown tool or prompt, a malformed URI, a missing prompt
 * argument): answered as the JSON-RPC error -32602, not as a tool error result.
 */
export class InvalidParamsError extends McpKitError {
  /** JSON-RPC "Invalid params". */
  readonly code = -32602;

  constructor(
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}
