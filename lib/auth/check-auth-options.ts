import { ApplicationConfigurationError } from "../errors/application-configuration-error.js";
import type { AuthOptions } from "./auth-options.js";
import { isScopeToken } from "./scopes.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function urlOption(option: string, value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApplicationConfigurationError(option, `${JSON.stringify(value)} is not a URL`, `give ${what} as an absolute URL such as "https://auth.example.com"`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new ApplicationConfigurationError(option, `${value} is not HTTPS`, "use https (plain http is accepted for localhost only)");
  }
  if (url.hash) throw new ApplicationConfigurationError(option, `${value} has a fragment`, "remove the #fragment");
  return url;
}

function scopesOption(option: string, scopes: unknown): void {
  if (scopes === undefined) return;
  const bad = Array.isArray(scopes) ? scopes.find((scope) => !isScopeToken(scope)) : scopes;
  if (!Array.isArray(scopes) || bad !== undefined) {
    throw new ApplicationConfigurationError(option, `${JSON.stringify(bad)} is not an OAuth scope`, 'give an array of scopes without spaces, such as ["orders:read"]');
  }
}

/** Checks `auth` when the application is created, so a wrong setting stops the program before it serves. */
export function checkAuthOptions(options: AuthOptions): void {
  if (options.issuer !== undefined) {
    const issuer = urlOption("auth.issuer", options.issuer, "the issuer");
    if (issuer.search) throw new ApplicationConfigurationError("auth.issuer", `${options.issuer} has a query string`, "give the issuer URL without ?query");
  }
  if (options.resource !== undefined) urlOption("auth.resource", options.resource, "the resource URI (this server's public MCP URL)");
  if (options.jwt?.jwksUri !== undefined) urlOption("auth.jwt.jwksUri", options.jwt.jwksUri, "the key set URL");
  scopesOption("auth.requiredScopes", options.requiredScopes);
  scopesOption("auth.scopesSupported", options.scopesSupported);
  if (options.local !== undefined && options.local !== "allow" && options.local !== "require") {
    throw new ApplicationConfigurationError("auth.local", `${JSON.stringify(options.local)} is not a policy`, 'use "allow" or "require"');
  }
  const principal = options.localPrincipal;
  if (principal !== undefined) {
    if (typeof principal.subject !== "string" || principal.subject === "") throw new ApplicationConfigurationError("auth.localPrincipal.subject", "it is empty", "name who the stdio caller is");
    scopesOption("auth.localPrincipal.scopes", principal.scopes);
  }
  const retry = options.retryAfterSeconds;
  if (retry !== undefined && !(Number.isInteger(retry) && retry > 0)) {
    throw new ApplicationConfigurationError("auth.retryAfterSeconds", `${JSON.stringify(retry)} is not a whole number of seconds`, "give a whole number above zero");
  }
}

/** True when `url`'s host is a loopback name, where a default resource URI (the listener's own URL) is right. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}
