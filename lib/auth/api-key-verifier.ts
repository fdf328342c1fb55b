import { createHash } from "node:crypto";
import { InvalidTokenError } from "../errors/invalid-token-error.js";
import type { TokenVerifier, VerifiedToken } from "./token-verifier.js";

/** Who an API key stands for. */
export interface ApiKeyPrincipal {
  subject: string;
  scopes: readonly string[];
  clientId?: string;
  claims?: Record<string, unknown>;
}

const digest = (key: string) => createHash("sha256").update(key).digest("base64url");

/**
 * Accepts static API keys sent as bearer tokens, each standing for a fixed principal. Keys are
 * kept only as SHA-256 digests and looked up by digest, so no comparison leaks a key's prefix.
 * They do not expire and are not bound to an audience: prefer real tokens for anything shared.
 * @example
 * new ApiKeyVerifier({ [process.env.REPORTS_KEY!]: { subject: "reports-job", scopes: ["orders:read"] } })
 */
export class ApiKeyVerifier implements TokenVerifier {
  private readonly byDigest = new Map<string, ApiKeyPrincipal>();

  constructor(keys: Record<string, ApiKeyPrincipal>) {
    for (const [key, principal] of Object.entries(keys)) this.byDigest.set(digest(key), principal);
  }

  async verify(token: string): Promise<VerifiedToken> {
    const principal = this.byDigest.get(digest(token));
    if (!principal) throw new InvalidTokenError("Unknown API key");
    return { subject: principal.subject, clientId: principal.clientId ?? principal.subject, scopes: principal.scopes, claims: { ...principal.claims, sub: principal.subject } };
  }
}
