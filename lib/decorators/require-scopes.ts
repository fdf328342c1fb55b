import { isScopeToken } from "../auth/scopes.js";
import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { scopeRequirements } from "../metadata/scope-requirements.js";
import type { Constructor } from "../metadata/types.js";
import { methodTarget } from "./method-target.js";

/**
 * Lets only callers whose token grants every one of `scopes` use a tool, resource or prompt; on a
 * class, every handler of it (a method's own scopes add to the class's). Checked when the
 * application has `auth`: over HTTP a caller without them gets `403` with an `insufficient_scope`
 * challenge naming them (so the client can ask for them), and with `auth.hideForbidden` does not
 * see the handler in lists. On stdio the `auth.local` option decides.
 * @example
 * @RequireScopes("orders:read") class OrderTools { @Tool() @RequireScopes("orders:write") async cancelOrder(id: number) { ... } }
 */
export function RequireScopes(...scopes: [string, ...string[]]): ClassDecorator & MethodDecorator {
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const isClass = key === undefined;
    const where = isClass ? (target as Constructor).name : `${(target as { constructor: Constructor }).constructor.name}.${String(key)}`;
    if (scopes.length === 0) throw new DecoratorUsageError("RequireScopes", where, "no scope is given", 'name at least one scope: @RequireScopes("orders:read")');
    const bad = scopes.find((scope) => !isScopeToken(scope));
    if (bad !== undefined) throw new DecoratorUsageError("RequireScopes", where, `${JSON.stringify(bad)} is not an OAuth scope`, "use printable characters without spaces, quotes or backslashes");
    if (isClass) return scopeRequirements.add(target as Constructor, undefined, scopes);
    const at = methodTarget("RequireScopes", target, key, descriptor);
    scopeRequirements.add(at.ctor, at.methodName, scopes);
  }) as ClassDecorator & MethodDecorator;
}
