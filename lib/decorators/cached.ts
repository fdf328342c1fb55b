import type { CacheStore } from "../cache/cache-store.js";
import type { Duration } from "../cache/duration.js";
import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import { behaviourTarget, durationArgument } from "./behaviour-target.js";

/** Options of `@Cached()`; only `ttl` is required. */
export interface CachedOptions {
  /** How long a result stays fresh: ms, or "30s", "5m"... */
  ttl: Duration;
  /** After `ttl`, serve the stale result for this long while one background call refreshes it. */
  staleWhileRevalidate?: Duration;
  /** The result is the same for every caller: share entries instead of keying them by caller. */
  shared?: boolean;
  /** The key of a call, from its arguments; default: all arguments, key order ignored. */
  key?: (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The cache's name in keys and stats; default "Class.method". */
  name?: string;
  /** Give this method its own in-process store bounded by entries and/or size. */
  max?: number;
  maxSize?: number;
  /** An injection token of a `CacheStore` to use instead of the application's store. */
  store?: import("tsyringe").InjectionToken<CacheStore>;
}

/**
 * Caches a method's results: concurrent misses for one key run it once; errors and error results
 * are never cached; results are per caller unless `shared: true`.
 * @example
 * @Cached({ ttl: "5m", shared: true }) async findById(id: string) { ... }
 */
export function Cached(ttlOrOptions: Duration | CachedOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const at = behaviourTarget("Cached", "cached", target, key, descriptor);
    const options: CachedOptions = typeof ttlOrOptions === "object" && ttlOrOptions !== null ? ttlOrOptions : { ttl: ttlOrOptions };
    const fail = (problem: string, fix: string) => new DecoratorUsageError("Cached", at.where, problem, fix);
    if (options.name !== undefined && (options.name === "" || options.name.includes("|"))) throw fail(`the name ${JSON.stringify(options.name)} is empty or contains "|"`, "choose a name without \"|\"");
    for (const bound of ["max", "maxSize"] as const) {
      const value = options[bound];
      if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw fail(`${bound} ${value} is not a positive integer`, `give a whole number of ${bound === "max" ? "entries" : "size units"}`);
    }
    if (options.store !== undefined && (options.max !== undefined || options.maxSize !== undefined)) throw fail("it has both a store and bounds of its own in-process store", "keep one");
    if (options.key !== undefined && typeof options.key !== "function") throw fail("key is not a function", "pass (...args) => key");
    metadataStore.addBehaviour(at.ctor, at.methodName, {
      cached: {
        ttlMs: durationArgument("Cached", at, "ttl", options.ttl),
        staleMs: options.staleWhileRevalidate === undefined ? 0 : durationArgument("Cached", at, "staleWhileRevalidate", options.staleWhileRevalidate, true),
        shared: options.shared === true,
        key: options.key,
        name: options.name,
        max: options.max,
        maxSize: options.maxSize,
        store: options.store,
      },
    });
  };
}
