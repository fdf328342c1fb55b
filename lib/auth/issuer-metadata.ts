import { AuthStartupError } from "../errors/auth-startup-error.js";

/** The parts of an authorization server's metadata (RFC 8414 / OpenID discovery) a resource server reads. */
export interface IssuerMetadata {
  issuer: string;
  jwks_uri?: string;
  introspection_endpoint?: string;
  token_endpoint?: string;
  [field: string]: unknown;
}

/** Where an issuer publishes its metadata: RFC 8414's path-inserted form first, then OpenID discovery. */
export function metadataUrlsOf(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}${path}/.well-known/openid-configuration`];
}

/**
 * Fetches the issuer's metadata at startup and checks that it names the same issuer (RFC 8414
 * section 3.3: a document for another issuer must not be used).
 */
export async function fetchIssuerMetadata(issuer: string, timeoutMs: number): Promise<IssuerMetadata> {
  const failures: string[] = [];
  for (const url of metadataUrlsOf(issuer)) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new AuthStartupError(`the authorization server ${issuer} could not be reached (GET ${url})`, "start it, or correct the issuer URL (auth.issuer / AUTH_ISSUER)", cause);
    }
    if (!response.ok) {
      failures.push(`${url}: HTTP ${response.status}`);
      continue;
    }
    const metadata = (await response.json().catch(() => undefined)) as IssuerMetadata | undefined;
    if (!metadata || typeof metadata !== "object") throw new AuthStartupError(`${url} did not answer with JSON metadata`, "check the issuer URL");
    if (metadata.issuer !== issuer) {
      throw new AuthStartupError(`${url} describes the issuer "${String(metadata.issuer)}", not "${issuer}"`, `set the issuer URL exactly as the authorization server names itself ("${String(metadata.issuer)}")`);
    }
    return metadata;
  }
  throw new AuthStartupError(`the authorization server ${issuer} publishes no metadata (${failures.join("; ")})`, "correct the issuer URL, or give the key set's URL (auth.jwt.jwksUri / AUTH_JWKS_URI)");
}
