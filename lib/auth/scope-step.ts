import type { Middleware } from "../pipeline/compose.js";
import type { HandlerDescriptor, Invocation } from "../pipeline/invocation.js";
import { refusal, type LocalPolicy } from "./call-policy.js";
import { describeHandler, scopesOfHandler } from "./handler-scopes.js";

/**
 * The envelope's first step for a handler with `@RequireScopes`: a caller without the scopes is
 * refused before anything runs (a JSON-RPC error, not a tool error result). Handlers without
 * scopes get no step at all.
 */
export function scopeStep(handler: HandlerDescriptor, local: LocalPolicy): Middleware<Invocation, unknown> | undefined {
  const required = scopesOfHandler(handler);
  if (required.length === 0) return undefined;
  const what = describeHandler(handler);
  return (invocation, next) => {
    const refused = refusal(what, required, invocation.context, local);
    if (refused) throw refused;
    return next();
  };
}
