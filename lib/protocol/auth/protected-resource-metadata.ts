import { buildOAuthProtectedResourceMetadata, getOAuthProtectedResourceMetadataUrl, type OAuthMetadata } from "@modelcontextprotocol/server";
import type { HttpAuthSettings } from "../../auth/application-auth.js";

/** The Protected Resource Metadata document (RFC 9728) and where it is served. */
export interface ProtectedResourceMetadata {
  readonly document: Record<string, unknown>;
  /** The URL challenges name in `resource_metadata` (the path-suffixed form for a resource with a path). */
  readonly url: string;
  /** The paths that answer with it: the bare well-known path and the path-suffixed forms. */
  readonly paths: ReadonlySet<string>;
}

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

export function protectedResourceMetadata(settings: HttpAuthSettings, endpointPath: string): ProtectedResourceMetadata {
  const base = {
    resource: settings.resource.href,
    scopes_supported: settings.scopesSupported.length > 0 ? settings.scopesSupported : undefined,
    bearer_methods_supported: ["header"],
    resource_name: settings.resourceName,
  };
  // The SDK also checks the issuer URL (HTTPS outside localhost).
  const document =
    settings.issuer !== undefined
      ? { ...base, ...buildOAuthProtectedResourceMetadata({ oauthMetadata: { issuer: settings.issuer } as OAuthMetadata, resourceServerUrl: settings.resource, scopesSupported: base.scopes_supported, resourceName: settings.resourceName }) }
      : base;
  const url = getOAuthProtectedResourceMetadataUrl(settings.resource);
  const trimmed = (path: string) => (path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path);
  const paths = new Set([WELL_KNOWN, new URL(url).pathname, trimmed(`${WELL_KNOWN}${endpointPath}`)]);
  return { document: JSON.parse(JSON.stringify(document)) as Record<string, unknown>, url, paths };
}
