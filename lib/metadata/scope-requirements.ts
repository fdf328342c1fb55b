import type { Constructor } from "./types.js";

/** What `@RequireScopes` records: scopes of a whole class and of single methods. */
interface ClassScopes {
  own: string[];
  methods: Map<string, string[]>;
}

const requirements = new Map<Constructor, ClassScopes>();

function entryFor(target: Constructor): ClassScopes {
  let entry = requirements.get(target);
  if (!entry) requirements.set(target, (entry = { own: [], methods: new Map() }));
  return entry;
}

export const scopeRequirements = {
  /** Records scopes on a class (methodName undefined) or on one of its methods. */
  add(target: Constructor, methodName: string | undefined, scopes: readonly string[]): void {
    const entry = entryFor(target);
    if (methodName === undefined) entry.own.push(...scopes);
    else entry.methods.set(methodName, [...(entry.methods.get(methodName) ?? []), ...scopes]);
  },

  /** Every scope a method requires: its own and those of its class and base classes, each once. */
  of(target: Function, methodName: string): string[] {
    const scopes = new Set<string>();
    for (let c: unknown = target; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      const entry = requirements.get(c as Constructor);
      if (!entry) continue;
      for (const scope of entry.own) scopes.add(scope);
      for (const scope of entry.methods.get(methodName) ?? []) scopes.add(scope);
    }
    return [...scopes];
  },

};
