import type { ClassMetadata, Constructor, HandlerMetadata, MethodBehaviours, ServiceOptions } from "./types.js";

/**
 * The one place decorators write to and the builder reads from.
 * Keyed by constructor so that two classes with one name never collide.
 */
const classes = new Map<Constructor, ClassMetadata>();

function entryFor(target: Constructor): ClassMetadata {
  let entry = classes.get(target);
  if (!entry) {
    entry = { target, handlers: [] };
    classes.set(target, entry);
  }
  return entry;
}

/** Behaviour decorators' records: class -> method name -> behaviours. */
const behaviours = new Map<Constructor, Map<string, MethodBehaviours>>();

export const metadataStore = {
  markService(target: Constructor, options: ServiceOptions): void {
    entryFor(target).service = options;
  },

  addHandler(target: Constructor, handler: HandlerMetadata): void {
    entryFor(target).handlers.push(handler);
  },

  /** Metadata of a class, including handlers declared on its base classes. */
  get(target: Constructor): ClassMetadata | undefined {
    const chain: ClassMetadata[] = [];
    for (let c: unknown = target; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      const entry = classes.get(c as Constructor);
      if (entry) chain.push(entry);
    }
    if (chain.length === 0) return undefined;
    const own = classes.get(target);
    const seen = new Set<string>();
    const handlers: HandlerMetadata[] = [];
    // Subclass declarations override base-class declarations of the same method and kind.
    for (const entry of chain) {
      for (const handler of entry.handlers) {
        const key = `${handler.kind}:${handler.methodName}`;
        if (seen.has(key)) continue;
        seen.add(key);
        handlers.push(handler);
      }
    }
    return { target, service: own?.service ?? chain.find((c) => c.service)?.service, handlers };
  },

  /** Every class marked with `@Service()` so far, in declaration order. */
  services(): Constructor[] {
    return [...classes.values()].filter((c) => c.service !== undefined).map((c) => c.target);
  },

  isService(target: Constructor): boolean {
    return classes.get(target)?.service !== undefined;
  },

  /** Records behaviours on a method; returns the method's record so a decorator can check what is there. */
  addBehaviour(target: Constructor, methodName: string, patch: MethodBehaviours): MethodBehaviours {
    let methods = behaviours.get(target);
    if (!methods) behaviours.set(target, (methods = new Map()));
    const record = methods.get(methodName) ?? {};
    const merged: MethodBehaviours = { ...record, ...patch };
    const invalidates = [...(record.invalidates ?? []), ...(patch.invalidates ?? [])];
    if (invalidates.length > 0) merged.invalidates = invalidates;
    methods.set(methodName, merged);
    return merged;
  },

  /** Behaviours of a class's methods, including those declared on base classes (subclass wins per method). */
  behavioursOf(target: Constructor): Map<string, MethodBehaviours> {
    const result = new Map<string, MethodBehaviours>();
    for (let c: unknown = target; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      for (const [method, record] of behaviours.get(c as Constructor) ?? []) if (!result.has(method)) result.set(method, record);
    }
    return result;
  },

  /** Behaviours declared on the class itself for one method (not inherited). */
  ownBehaviours(target: Constructor, methodName: string): MethodBehaviours | undefined {
    return behaviours.get(target)?.get(methodName);
  },

  /** Every class with at least one behaviour decorator. */
  classesWithBehaviours(): Constructor[] {
    return [...behaviours.keys()];
  },
};
