import type { JwtVerifierOptions } from "./jwt-verifier.js";
import type { TokenVerifier } from "./token-verifier.js";

/** Who calls over a local connection (stdio, in memory), where no token travels. */
export interface LocalPrincipal {
  subject: string;
  scopes: readonly string[];
  clientId?: string;
  claims?: Record<string, unknown>;
}

/**
 * OAuth 2.1 resource server settings: HTTP requests must carry a bearer token the verifier accepts,
 * `@RequireScopes` is enforced, and the Protected Resource Metadata (RFC 9728) is published.
 */
export interface AuthOptions {
  /** The authorization server's issuer URL: JWT access tokens are checked against its published keys, and clients are sent to it. */
  issuer?: string;
  /**
   * This server's resource URI (RFC 8707): the audience tokens must be issued for, and the
   * `resource` of the metadata document; usually the public URL of the MCP endpoint. Default: the
   * HTTP listener's URL (loopback listeners only; behind a proxy give the public URL).
   */
  resource?: string;
  /** Scopes every HTTP request's token needs, whatever it calls. */
  requiredScopes?: string[];
  /** Scopes the metadata document advertises; default: `requiredScopes` and every `@RequireScopes` scope. */
  scopesSupported?: string[];
  /** How tokens are checked; default: JWTs of `issuer` (see `jwt`). Use IntrospectionVerifier for opaque tokens, ApiKeyVerifier for API keys. */
  verifier?: TokenVerifier;
  /** Settings of the default JWT verifier (key set URL, algorithms, clock skew, key set caching). */
  jwt?: Omit<JwtVerifierOptions, "issuer">;
  /**
   * Leave out of `tools/list`, `resources/list`, `resources/templates/list` and `prompts/list` what the
   * caller's scopes do not allow; those lists are then advertised as `cacheScope: "private"`. Default false.
   */
  hideForbidden?: boolean;
  /**
   * Calls on a local connection (stdio, in memory) that carries no principal: "allow" (default) lets
   * them use scoped handlers (whoever started the process is trusted), "require" refuses them.
   * A connection with a principal (`localPrincipal`, or `connect(transport, { authInfo })`) is checked like a token.
   */
  local?: "allow" | "require";
  /** The principal of the stdio connection (`listenStdio`); see `authFromEnvironment` for MCP_SUBJECT / MCP_SCOPES. */
  localPrincipal?: LocalPrincipal;
  /** Seconds a client is told to wait (Retry-After) when tokens cannot be checked for now; default 5. */
  retryAfterSeconds?: number;
  /** A human-readable name for the metadata document. */
  resourceName?: string;
}
