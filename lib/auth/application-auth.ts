import type { AuthInfo } from "../protocol/wire-types.js";
import { ApplicationConfigurationError } from "../errors/application-configuration-error.js";
import type { Middleware } from "../pipeline/compose.js";
import type { HandlerDescriptor, Invocation } from "../pipeline/invocation.js";
import type { LiveRegistry } from "../server/registry.js";
import type { AuthOptions } from "./auth-options.js";
import type { LocalPolicy } from "./call-policy.js";
import { checkAuthOptions, isLoopbackUrl } from "./check-auth-options.js";
import { scopesOfRegistry } from "./handler-scopes.js";
import { JwtVerifier } from "./jwt-verifier.js";
import { scopeStep } from "./scope-step.js";
import { unionOfScopes } from "./scopes.js";
import type { TokenVerifier } from "./token-verifier.js";
import { VisibleLists } from "./visible-lists.js";

/** What the HTTP transport's token gate needs, settled when the listener knows its URL. */
export interface HttpAuthSettings {
  verifier: TokenVerifier;
  issuer?: string;
  /** The resource URI tokens must be issued for. */
  resource: URL;
  requiredScopes: string[];
  scopesSupported: string[];
  retryAfterSeconds: number;
  resourceName?: string;
  registry: LiveRegistry;
  local: LocalPolicy;
}

/** An application's `auth` option, checked once, and what each part of the application takes from it. */
export class ApplicationAuth {
  readonly local: LocalPolicy;
  private readonly verifier?: TokenVerifier;

  constructor(readonly options: AuthOptions) {
    checkAuthOptions(options);
    this.local = options.local ?? "allow";
    this.verifier = options.verifier ?? (options.issuer !== undefined ? new JwtVerifier({ ...options.jwt, issuer: options.issuer }) : undefined);
  }

  /** The envelope's authorization step of one handler (see CallEnvelopeOptions.authorize). */
  readonly authorize = (handler: HandlerDescriptor): Middleware<Invocation, unknown> | undefined => scopeStep(handler, this.local);

  get hidesForbidden(): boolean {
    return this.options.hideForbidden === true;
  }

  visibleLists(registry: LiveRegistry): VisibleLists | undefined {
    return this.hidesForbidden ? new VisibleLists(registry, this.local) : undefined;
  }

  /** The stdio connection's identity (`localPrincipal`), as the transport-level AuthInfo. */
  get localAuthInfo(): AuthInfo | undefined {
    const principal = this.options.localPrincipal;
    if (!principal) return undefined;
    return { token: "", clientId: principal.clientId ?? principal.subject, scopes: [...principal.scopes], extra: { ...principal.claims, sub: principal.subject } };
  }

  /** Checks the HTTP settings and starts the verifier (fetches the issuer's keys): a clear error before the server listens. */
  async startHttp(): Promise<TokenVerifier> {
    if (!this.verifier) throw new ApplicationConfigurationError("auth", "HTTP needs a way to check tokens, and neither issuer nor verifier is set", "set auth.issuer (AUTH_ISSUER) to the authorization server's URL, or give auth.verifier");
    await this.verifier.start?.();
    return this.verifier;
  }

  /** The gate's settings once the listener's URL is known (the default resource URI). */
  httpSettings(verifier: TokenVerifier, registry: LiveRegistry, endpoint: URL): HttpAuthSettings {
    const resource = this.options.resource !== undefined ? new URL(this.options.resource) : endpoint;
    if (this.options.resource === undefined && !isLoopbackUrl(endpoint)) {
      throw new ApplicationConfigurationError("auth.resource", `it is not set and the listener ${endpoint.href} is not a loopback address clients can name`, "set auth.resource (AUTH_RESOURCE) to this server's public MCP URL");
    }
    const requiredScopes = this.options.requiredScopes ?? [];
    return {
      verifier,
      issuer: this.options.issuer,
      resource,
      requiredScopes,
      scopesSupported: this.options.scopesSupported ?? unionOfScopes(requiredScopes, scopesOfRegistry(registry)),
      retryAfterSeconds: this.options.retryAfterSeconds ?? 5,
      resourceName: this.options.resourceName,
      registry,
      local: this.local,
    };
  }
}
