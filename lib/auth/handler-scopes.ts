import { scopeRequirements } from "../metadata/scope-requirements.js";
import type { HandlerDescriptor } from "../pipeline/invocation.js";
import type { Registry } from "../server/registry.js";

const byHandler = new WeakMap<HandlerDescriptor, readonly string[]>();

/** The scopes a handler requires (`@RequireScopes` on its method and class), read once per handler. */
export function scopesOfHandler(handler: HandlerDescriptor): readonly string[] {
  let scopes = byHandler.get(handler);
  if (!scopes) byHandler.set(handler, (scopes = scopeRequirements.of(handler.target, handler.methodName)));
  return scopes;
}

/** "tool get_user", "resource users://{id}", for messages. */
export function describeHandler(handler: HandlerDescriptor): string {
  return `${handler.kind} "${handler.name}"`;
}

/** Every scope some served handler requires (what the metadata document advertises by default). */
export function scopesOfRegistry(registry: Registry): string[] {
  const entries = [...registry.tools.values(), ...registry.resources.values(), ...registry.templates, ...registry.prompts.values()];
  return [...new Set(entries.flatMap((entry) => scopesOfHandler(entry.descriptor)))];
}
