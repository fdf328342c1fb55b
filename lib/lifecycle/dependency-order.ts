import type { InjectionToken } from "tsyringe";

// Types a constructor parameter can erase to that are never injection tokens.
const NOT_TOKENS = new Set<unknown>([Object, String, Number, Boolean, Array, Function, Promise, undefined]);

/**
 * The tokens a class's constructor asks for, as tsyringe sees them: `design:paramtypes`, with
 * `@inject(token)` parameters replaced by their token.
 */
export function constructorDependencies(target: Function): InjectionToken[] {
  const types: unknown[] = [...(Reflect.getMetadata?.("design:paramtypes", target) ?? [])];
  const injected: Record<string, unknown> = Reflect.getOwnMetadata?.("injectionTokens", target) ?? {};
  for (const [index, token] of Object.entries(injected)) types[Number(index)] = token;
  const tokens: InjectionToken[] = [];
  for (const type of types) {
    // @injectAll / transforms record { token, ... }; delay() records a DelayedConstructor (skipped).
    const token = type && typeof type === "object" && "token" in type ? (type as { token: unknown }).token : type;
    if (NOT_TOKENS.has(token) || (typeof token === "object" && token !== null)) continue;
    tokens.push(token as InjectionToken);
  }
  return tokens;
}

/**
 * Every token reachable from `roots`, dependencies before their dependents: the order to start
 * services in (and, reversed, to shut them down). Cycles are cut where they close.
 */
export function dependencyOrder(roots: readonly InjectionToken[]): InjectionToken[] {
  const order: InjectionToken[] = [];
  const seen = new Set<InjectionToken>();
  const visit = (token: InjectionToken) => {
    if (seen.has(token)) return;
    seen.add(token);
    if (typeof token === "function") for (const dependency of constructorDependencies(token)) visit(dependency);
    order.push(token);
  };
  for (const root of roots) visit(root);
  return order;
}
