import type { IncomingMessage, ServerResponse } from "node:http";
import { OAuthError, OAuthErrorCode, bearerAuthChallengeResponse, verifyBearerToken, type AuthInfo, type OAuthTokenVerifier } from "@modelcontextprotocol/server";
import type { HttpAuthSettings } from "../../auth/application-auth.js";
import { refusal } from "../../auth/call-policy.js";
import { describeHandler, scopesOfHandler } from "../../auth/handler-scopes.js";
import { unionOfScopes } from "../../auth/scopes.js";
import { AuthUnavailableError } from "../../errors/auth-unavailable-error.js";
import { InsufficientScopeError } from "../../errors/insufficient-scope-error.js";
import { InvalidTokenError } from "../../errors/invalid-token-error.js";
import { principalOf } from "../principal.js";
import { usableId } from "../request-shape.js";
import { sendJsonRpcError } from "../transports/http-guards.js";
import { protectedResourceMetadata } from "./protected-resource-metadata.js";
import { targetOf } from "./request-target.js";

/** The HTTP transport's token gate: the metadata document, 401/503 before the body is read, 403 per call. */
export interface HttpAuth {
  /** Answers GET of the Protected Resource Metadata paths; false for any other path. */
  serveMetadata(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /** Checks the bearer token and leaves it on `req.auth` for the SDK; answers 401 (or 503) and returns false when it is not acceptable. */
  authenticate(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Answers 403 with an `insufficient_scope` challenge when the token lacks the called handler's scopes. */
  admit(req: IncomingMessage, res: ServerResponse, body: unknown): boolean;
}

type AuthenticatedRequest = IncomingMessage & { auth?: AuthInfo };

export function createHttpAuth(settings: HttpAuthSettings, endpoint: URL): HttpAuth {
  const metadata = protectedResourceMetadata(settings, endpoint.pathname);
  const resource = settings.resource.href;
  const verifier: OAuthTokenVerifier = {
    async verifyAccessToken(token) {
      let verified;
      try {
        verified = await settings.verifier.verify(token, resource);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new OAuthError(OAuthErrorCode.InvalidToken, error.message);
        throw error;
      }
      return {
        token,
        clientId: verified.clientId,
        scopes: [...verified.scopes],
        // A credential that does not expire (an API key) is never past its expiry.
        expiresAt: verified.expiresAt ?? Number.POSITIVE_INFINITY,
        resource: settings.resource,
        extra: { ...verified.claims, ...(verified.subject !== undefined && { sub: verified.subject }) },
      };
    },
  };
  const options = { verifier, requiredScopes: settings.requiredScopes, resourceMetadataUrl: metadata.url };
  const body = JSON.stringify(metadata.document);

  return {
    serveMetadata(req, res, pathname) {
      if (!metadata.paths.has(pathname)) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD", "access-control-allow-origin": "*" });
        res.end();
        return true;
      }
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*", "cache-control": "max-age=3600" });
      res.end(req.method === "HEAD" ? undefined : body);
      return true;
    },

    async authenticate(req, res) {
      try {
        (req as AuthenticatedRequest).auth = await verifyBearerToken(req.headers.authorization, options);
        return true;
      } catch (error) {
        if (error instanceof AuthUnavailableError) {
          // Not the caller's fault, and it never stops the server: the client retries.
          res.setHeader("retry-after", String(settings.retryAfterSeconds));
          sendJsonRpcError(res, 503, -32000, `Service unavailable: tokens cannot be checked right now (${error.message}); retry in ${settings.retryAfterSeconds} s`);
          return false;
        }
        await sendWebResponse(res, bearerAuthChallengeResponse(error, options));
        return false;
      }
    },

    admit(req, res, message) {
      const target = targetOf(settings.registry, message);
      if (!target) return true;
      const required = scopesOfHandler(target);
      const refused = refusal(describeHandler(target), required, { principal: principalOf((req as AuthenticatedRequest).auth) }, settings.local);
      if (!refused) return true;
      sendScopeChallenge(res, refused, unionOfScopes(settings.requiredScopes, required), metadata.url, usableId(message) ?? null);
      return false;
    },
  };
}

/**
 * 403 with the step-up challenge (RFC 6750 `insufficient_scope`, the scopes to ask for, the metadata
 * URL) in the header, and a JSON-RPC error naming the scopes in the body, so a client that reads
 * only the body still learns why.
 */
function sendScopeChallenge(res: ServerResponse, refused: InsufficientScopeError, scopes: string[], resourceMetadataUrl: string, id: string | number | null): void {
  const description = `${refused.what} requires ${refused.requiredScopes.join(" ")}`;
  const challenge = bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InsufficientScope, description), { requiredScopes: scopes, resourceMetadataUrl });
  res.writeHead(403, { "content-type": "application/json", "www-authenticate": challenge.headers.get("www-authenticate") ?? "Bearer" });
  res.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: refused.code, message: refused.message, data: refused.data } }));
}

async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => void (headers[name] = value));
  res.writeHead(response.status, headers);
  res.end(await response.text());
}
