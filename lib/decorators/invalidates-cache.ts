import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor } from "../metadata/types.js";
import { behaviourTarget } from "./behaviour-target.js";

/** Which entries `@InvalidatesCache()` evicts. */
export interface InvalidatesCacheOptions {
  /** The cached method's class, when it is not this one (a function, so it may be declared later). */
  of?: () => Constructor;
  /** The cached call's arguments, from this call's; omit to evict every entry of the method. */
  args?: (...args: any[]) => unknown[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Evicts a cached method's entries when this (mutating) method settles. Repeat it to evict several.
 * @example
 * @InvalidatesCache("findById", { args: (id: string) => [id] }) async rename(id: string, name: string) { ... }
 */
export function InvalidatesCache(method: string, options: InvalidatesCacheOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const at = behaviourTarget("InvalidatesCache", "invalidates", target, key, descriptor);
    if (typeof method !== "string" || method === "") throw new DecoratorUsageError("InvalidatesCache", at.where, "it names no cached method", 'pass its name: @InvalidatesCache("findById")');
    metadataStore.addBehaviour(at.ctor, at.methodName, { invalidates: [{ method, of: options.of, args: options.args }] });
  };
}
