import type { Principal } from "../context/principal.js";
import { InsufficientScopeError } from "../errors/insufficient-scope-error.js";
import { missingScopes } from "./scopes.js";

/** What a scope check knows about the caller. */
export interface Caller {
  readonly principal?: Principal;
  /** The connection, for stdio, in memory and 2025 HTTP sessions. */
  readonly connectionId?: string;
  /** The 2025 HTTP session, when there is one. */
  readonly sessionId?: string;
}

/** "allow": a local connection without a principal may use scoped handlers; "require": it may not. */
export type LocalPolicy = "allow" | "require";

/**
 * A connection the application serves itself (stdio, in memory): it has a connection id but is no
 * HTTP session. Every HTTP request (a 2025 session's or a 2026-07-28 one) is not local.
 */
export function isLocal(caller: Caller): boolean {
  return caller.connectionId !== undefined && caller.sessionId === undefined;
}

/** Why `caller` may not use a handler that requires `required`, or undefined when it may. */
export function refusal(what: string, required: readonly string[], caller: Caller, local: LocalPolicy): InsufficientScopeError | undefined {
  if (required.length === 0) return undefined;
  const { principal } = caller;
  if (principal) {
    const missing = missingScopes(required, principal.scopes);
    return missing.length > 0 ? new InsufficientScopeError(what, required, missing) : undefined;
  }
  if (isLocal(caller) && local === "allow") return undefined;
  const reason = isLocal(caller) ? "this connection has no principal (configure auth.localPrincipal, or set MCP_SUBJECT and MCP_SCOPES)" : "the request carries no token";
  return new InsufficientScopeError(what, required, required, reason);
}
