import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider from "oidc-provider";

/** An OAuth client of the test authorization server (client credentials, `client_secret_basic`). */
export interface OAuthClient {
  id: string;
  secret: string;
  /** The scopes it may ask for. */
  scopes: string[];
}

// oidc-provider's own in-memory storage, given explicitly so it does not warn about it on every start.
const MEMORY_ADAPTER: string = "oidc-provider/lib/adapters/memory_adapter.js";
const { createMemoryAdapter } = (await import(MEMORY_ADAPTER)) as { createMemoryAdapter(clockTolerance: number): unknown };

async function signingKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" };
}

/**
 * A real OpenID provider (oidc-provider) in the test process: issues JWT access tokens for a
 * resource indicator (RFC 8707) by client credentials, introspects tokens, publishes its keys, and
 * can rotate them (a new signing key, the old one still published) or go down.
 */
export class AuthorizationServer {
  private provider!: Provider;
  private keys: JWK[] = [];
  private rotations = 0;

  private constructor(
    private readonly http: Server,
    readonly issuer: string,
    private readonly clients: OAuthClient[],
  ) {}

  /** `sharingKeysWith`: sign with another server's keys (another issuer trusted through the same key set). */
  static async start(clients: OAuthClient[], sharingKeysWith?: AuthorizationServer): Promise<AuthorizationServer> {
    let server: AuthorizationServer | undefined;
    const http = createServer((req, res) => server!.provider.callback()(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    server = new AuthorizationServer(http, `http://127.0.0.1:${(http.address() as AddressInfo).port}`, clients);
    server.keys = sharingKeysWith ? sharingKeysWith.keys : [await signingKey("key-0")];
    server.provider = server.build();
    return server;
  }

  private build(): Provider {
    const scopes = [...new Set(this.clients.flatMap((c) => c.scopes))];
    return new Provider(this.issuer, {
      clients: this.clients.map((c) => ({ client_id: c.id, client_secret: c.secret, grant_types: ["client_credentials"], redirect_uris: [], response_types: [], ...(c.scopes.length > 0 && { scope: c.scopes.join(" ") }) })),
      jwks: { keys: this.keys as never },
      adapter: createMemoryAdapter(0) as never,
      scopes,
      ttl: { ClientCredentials: 600 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        introspection: { enabled: true, allowedPolicy: () => true },
        resourceIndicators: {
          enabled: true,
          useGrantedResource: () => true,
          // Any resource may be asked for: the MCP server under test listens on a free port.
          // A resource whose path ends in /opaque gets opaque tokens, which only introspection can check.
          getResourceServerInfo: (_ctx, indicator) => ({ scope: scopes.join(" "), audience: indicator, accessTokenTTL: 600, accessTokenFormat: indicator.endsWith("/opaque") ? "opaque" : "jwt" }),
        },
      },
    });
  }

  /** A JWT access token for `resource`, by client credentials. */
  async token(client: OAuthClient, options: { resource: string; scope?: string }): Promise<string> {
    const response = await fetch(`${this.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "client_credentials", resource: options.resource, scope: options.scope ?? client.scopes.join(" ") }),
    });
    const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
    if (!body.access_token) throw new Error(`token request failed: ${body.error}: ${body.error_description}`);
    return body.access_token;
  }

  /** Signs new tokens with a fresh key; the previous one stays published, as in a real rotation. */
  async rotateKeys(): Promise<void> {
    this.keys = [await signingKey(`key-${++this.rotations}`), ...this.keys];
    this.provider = this.build();
  }

  get introspectionEndpoint(): string {
    return `${this.issuer}/token/introspection`;
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks`;
  }

  async stop(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }
}
