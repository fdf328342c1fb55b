/** What a token check established about the caller. */
export interface VerifiedToken {
  /** The token's subject (`sub`): the user, or the client itself for client credentials. */
  readonly subject?: string;
  /** The OAuth client the token was issued to (`client_id`, else `azp`). */
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Epoch seconds after which the token is no longer accepted; undefined for a credential that does not expire (an API key). */
  readonly expiresAt?: number;
  /** Every claim the token carried (or the introspection answer's fields). */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Checks a bearer token presented to this server. Throw `InvalidTokenError` for a token that is
 * not acceptable (the caller gets 401) and `AuthUnavailableError` when the authorization server
 * cannot be asked right now (503, the caller retries).
 */
export interface TokenVerifier {
  /**
   * @param token the bearer token as the client sent it
   * @param resource this server's resource URI (RFC 8707): a token issued for another audience must be refused
   */
  verify(token: string, resource: string): Promise<VerifiedToken>;
  /** Runs once before the server listens (e.g. fetches the issuer's keys); throws `AuthStartupError` when it cannot work. */
  start?(): Promise<void>;
}
