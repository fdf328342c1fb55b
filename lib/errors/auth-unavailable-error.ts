import { McpKitError } from "./mcpkit-error.js";

/**
 * A token could not be checked because the authorization server did not answer (its keys or its
 * introspection endpoint): not the caller's fault, so HTTP answers `503` with `Retry-After`.
 */
export class AuthUnavailableError extends McpKitError {}
