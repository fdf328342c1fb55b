import type * as Jose from "jose";
import type { JWTPayload } from "jose";
import { AuthStartupError } from "../errors/auth-startup-error.js";
import { AuthUnavailableError } from "../errors/auth-unavailable-error.js";
import { InvalidTokenError } from "../errors/invalid-token-error.js";
import { fetchIssuerMetadata } from "./issuer-metadata.js";
import { scopesOfClaims } from "./scopes.js";
import type { TokenVerifier, VerifiedToken } from "./token-verifier.js";

/** How JWT access tokens are checked. */
export interface JwtVerifierOptions {
  /** The issuer URL; tokens must carry it as `iss`. */
  issuer: string;
  /** The issuer's key set; default: the `jwks_uri` of its metadata, fetched at startup. */
  jwksUri?: string;
  /** Accepted signature algorithms; default: the asymmetric ones jose supports (RS*, PS*, ES*, EdDSA). */
  algorithms?: string[];
  /** Seconds of clock skew tolerated on `exp`/`nbf`; default 5. */
  clockToleranceSeconds?: number;
  /** Milliseconds a fetch of the key set (or of the metadata at startup) may take; default 5000. */
  timeoutMs?: number;
  /** Milliseconds after a key set fetch during which an unknown key id does not fetch again; default 30000. */
  cooldownMs?: number;
  /** Milliseconds the key set is kept before it is fetched again; default 600000. */
  cacheMaxAgeMs?: number;
  /**
   * The `typ` header tokens must carry, e.g. "at+jwt" (RFC 9068), so an ID token cannot pass for an
   * access token; default: not checked (many authorization servers do not set it).
   */
  typ?: string;
  /** The verifier's clock in epoch milliseconds; default Date.now. */
  clock?: () => number;
}

/** jose, imported when a verifier starts: importing it costs ~50 ms of cold start for servers without JWT auth. */
let jose: typeof Jose | undefined;
const loadJose = async (): Promise<typeof Jose> => (jose ??= await import("jose"));

const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

/**
 * Checks JWT access tokens (RFC 9068) against the issuer's published keys: signature, `iss`,
 * `exp`/`nbf` and the audience (this server's resource URI, RFC 8707). A token signed with a key
 * the cached set lacks makes jose fetch the set again, so the issuer can rotate its keys.
 */
export class JwtVerifier implements TokenVerifier {
  private jwks?: ReturnType<typeof Jose.createRemoteJWKSet>;
  private starting?: Promise<void>;

  constructor(readonly options: JwtVerifierOptions) {}

  start(): Promise<void> {
    this.starting ??= this.load();
    return this.starting;
  }

  private async load(): Promise<void> {
    const { issuer } = this.options;
    const { createRemoteJWKSet } = await loadJose();
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const jwksUri = this.options.jwksUri ?? (await fetchIssuerMetadata(issuer, timeoutMs)).jwks_uri;
    if (!jwksUri) throw new AuthStartupError(`the metadata of ${issuer} names no jwks_uri`, "give the key set's URL (auth.jwt.jwksUri / AUTH_JWKS_URI)");
    const jwks = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: timeoutMs, cooldownDuration: this.options.cooldownMs, cacheMaxAge: this.options.cacheMaxAgeMs });
    try {
      await jwks.reload();
    } catch (cause) {
      throw new AuthStartupError(`the key set of ${issuer} at ${jwksUri} could not be fetched`, "start the authorization server, or correct its URL", cause);
    }
    this.jwks = jwks;
  }

  async verify(token: string, resource: string): Promise<VerifiedToken> {
    if (!this.jwks) await this.start();
    const { jwtVerify, errors } = jose!;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks!, {
        issuer: this.options.issuer,
        audience: resource,
        algorithms: this.options.algorithms ?? ASYMMETRIC,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ["exp"],
        typ: this.options.typ,
        ...(this.options.clock && { currentDate: new Date(this.options.clock()) }),
      }));
    } catch (error) {
      if (isOutage(errors, error)) throw new AuthUnavailableError(`The authorization server's keys could not be fetched: ${(error as Error).message}`, { cause: error });
      throw new InvalidTokenError(describe(errors, error));
    }
    const clientId = typeof payload.client_id === "string" ? payload.client_id : typeof payload.azp === "string" ? payload.azp : "";
    return { subject: payload.sub, clientId, scopes: scopesOfClaims(payload), expiresAt: payload.exp, claims: payload };
  }
}

/** A failure to get the keys, not a fault of the token. */
function isOutage(errors: typeof Jose.errors, error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === "ERR_JOSE_GENERIC";
}

/** One short reason for the 401's error_description. */
function describe(errors: typeof Jose.errors, error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "The token was not issued for this resource";
    if (error.claim === "iss") return "The token was issued by another authorization server";
    if (error.claim === "nbf") return "The token is not valid yet";
    if (error.claim === "typ") return "The token is not an access token (its typ header is not the accepted one)";
    return `The token's "${error.claim}" claim is not acceptable`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature is not valid";
  if (error instanceof errors.JWKSNoMatchingKey) return "The token is signed with a key the authorization server does not publish";
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's signature algorithm is not accepted";
  return "The token is malformed";
}
