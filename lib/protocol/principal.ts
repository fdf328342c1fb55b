import { createHash } from "node:crypto";
import type { Principal } from "../context/principal.js";
import type { AuthInfo } from "./wire-types.js";

const principals = new WeakMap<AuthInfo, Principal>();

/**
 * The principal of a request the transport authenticated: its subject (`extra.sub`) when the token
 * verifier returned one, else a hash of the token (never the token itself). Derived once per AuthInfo.
 */
export function principalOf(auth: AuthInfo | undefined): Principal | undefined {
  if (!auth) return undefined;
  let principal = principals.get(auth);
  if (!principal) {
    const claims = auth.extra ?? {};
    const subject = typeof claims.sub === "string" && claims.sub !== "" ? claims.sub : undefined;
    const id = subject !== undefined ? `sub:${subject}` : `token:${createHash("sha256").update(auth.token).digest("base64url").slice(0, 24)}`;
    principal = { id, subject, clientId: auth.clientId, scopes: auth.scopes, claims };
    principals.set(auth, principal);
  }
  return principal;
}
