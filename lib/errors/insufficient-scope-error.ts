import { McpKitError } from "./mcpkit-error.js";

/**
 * The caller may not use a tool, resource or prompt: its token lacks scopes the handler requires
 * (`@RequireScopes`), or a local connection has no principal where one is required. Over HTTP the
 * request is refused with `403` and a `WWW-Authenticate: Bearer error="insufficient_scope"` challenge
 * naming the scopes; elsewhere the client gets the JSON-RPC error with this code.
 */
export class InsufficientScopeError extends McpKitError {
  /** JSON-RPC error code (implementation-defined server error range): "forbidden". */
  static readonly CODE = -32003;
  readonly code = InsufficientScopeError.CODE;

  constructor(
    /** "tool get_user", "resource users://{id}", "prompt summary". */
    readonly what: string,
    /** Every scope the handler requires. */
    readonly requiredScopes: readonly string[],
    /** The required scopes the caller lacks; all of them when there is no principal. */
    readonly missingScopes: readonly string[],
    reason = `the caller lacks scope${missingScopes.length === 1 ? "" : "s"} ${missingScopes.join(" ")}`,
  ) {
    super(`Forbidden: ${what} requires scope${requiredScopes.length === 1 ? "" : "s"} ${requiredScopes.join(" ")}; ${reason}. Fix: call with credentials that grant ${requiredScopes.join(" ")}.`);
  }

  /** The JSON-RPC error's `data`: what the handler requires and what the caller lacks. */
  get data(): { requiredScopes: readonly string[]; missingScopes: readonly string[] } {
    return { requiredScopes: this.requiredScopes, missingScopes: this.missingScopes };
  }
}
