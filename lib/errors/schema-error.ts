import { McpKitError } from "./mcpkit-error.js";

/** No usable input schema could be found or derived for a handler. */
export class SchemaError extends McpKitError {
  constructor(where: string, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`Schema for ${where}: ${problem}. Fix: ${fix}.`, options);
  }
}
