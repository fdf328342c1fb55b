import { McpKitError } from "./mcpkit-error.js";

/**
 * A token verifier refused an access token (bad signature, expired, another issuer or audience,
 * unknown or revoked). Over HTTP the request gets `401` with a `WWW-Authenticate: Bearer` challenge.
 */
export class InvalidTokenError extends McpKitError {}
