import type { CacheManager } from "../cache/cache-manager.js";
import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor, InvalidationBehaviour } from "../metadata/types.js";
import type { MethodCall } from "./method-call.js";

/**
 * Evicts cached results when a mutating method settles, success or failure (a failed write may
 * still have changed something). Eviction finishes before the method's promise settles, so the
 * caller's next read sees fresh data.
 */
export function invalidateStep(inner: MethodCall, ownClass: Constructor, where: string, invalidations: readonly InvalidationBehaviour[], cache: CacheManager): MethodCall {
  for (const i of invalidations) {
    const target = i.of?.() ?? ownClass;
    if (!metadataStore.behavioursOf(target).get(i.method)?.cached) {
      throw new DecoratorUsageError("InvalidatesCache", where, `${target.name}.${i.method} is not a cached method`, `name a method with @Cached()${i.of ? "" : ", or pass { of: () => TheClass } for another class"}`);
    }
  }
  const evictAll = async (args: unknown[]) => {
    await Promise.all(
      invalidations.map((i) => {
        const target = i.of?.() ?? ownClass;
        return i.args ? cache.evict(target, i.method as never, ...i.args(...args)) : cache.evictMethod(target, i.method as never);
      }),
    );
  };
  return async (args) => {
    try {
      return await inner(args);
    } finally {
      await evictAll(args);
    }
  };
}
