import { McpKitError } from "./mcpkit-error.js";

/** The authorization server could not be reached (or described itself wrongly) at startup, so the server did not start. */
export class AuthStartupError extends McpKitError {
  constructor(what: string, fix: string, cause?: unknown) {
    super(`Authorization: ${what}, so the server did not start. Fix: ${fix}.`, { cause });
  }
}
