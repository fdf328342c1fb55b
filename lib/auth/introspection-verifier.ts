import { AuthUnavailableError } from "../errors/auth-unavailable-error.js";
import { InvalidTokenError } from "../errors/invalid-token-error.js";
import { scopesOfClaims } from "./scopes.js";
import type { TokenVerifier, VerifiedToken } from "./token-verifier.js";

/** How opaque tokens are checked by asking the authorization server (RFC 7662). */
export interface IntrospectionVerifierOptions {
  /** The introspection endpoint. */
  endpoint: string;
  /** This server's own credentials at the authorization server (sent as HTTP Basic, `client_secret_basic`). */
  clientId: string;
  clientSecret: string;
  /** When set, the answer's `iss` must be this issuer. */
  issuer?: string;
  /** Milliseconds one introspection may take; default 5000. */
  timeoutMs?: number;
}

/**
 * Checks opaque access tokens by token introspection: the authorization server says whether the
 * token is active, for whom, with which scopes and audience. One request per call; put a cache in
 * front (a verifier wrapping this one) when the authorization server allows it.
 */
export class IntrospectionVerifier implements TokenVerifier {
  private readonly authorization: string;

  constructor(readonly options: IntrospectionVerifierOptions) {
    this.authorization = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString("base64")}`;
  }

  async verify(token: string, resource: string): Promise<VerifiedToken> {
    let response: Response;
    try {
      response = await fetch(this.options.endpoint, {
        method: "POST",
        headers: { authorization: this.authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (cause) {
      throw new AuthUnavailableError(`Token introspection at ${this.options.endpoint} failed: ${(cause as Error).message}`, { cause });
    }
    if (!response.ok) throw new AuthUnavailableError(`Token introspection at ${this.options.endpoint} answered HTTP ${response.status}`);
    const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!answer || typeof answer !== "object") throw new AuthUnavailableError(`Token introspection at ${this.options.endpoint} did not answer with JSON`);
    if (answer.active !== true) throw new InvalidTokenError("The token is not active");
    if (this.options.issuer !== undefined && answer.iss !== undefined && answer.iss !== this.options.issuer) throw new InvalidTokenError("The token was issued by another authorization server");
    const audiences = typeof answer.aud === "string" ? [answer.aud] : Array.isArray(answer.aud) ? answer.aud : [];
    if (!audiences.includes(resource)) throw new InvalidTokenError("The token was not issued for this resource");
    const clientId = typeof answer.client_id === "string" ? answer.client_id : "";
    // A token without a subject stands for its client (client credentials), as RFC 9068 has it for JWTs.
    const subject = typeof answer.sub === "string" ? answer.sub : clientId || undefined;
    const expiresAt = typeof answer.exp === "number" ? answer.exp : undefined;
    return { subject, clientId, scopes: scopesOfClaims(answer), expiresAt, claims: answer };
  }
}
