import type { Duration } from "../cache/duration.js";
import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import { behaviourTarget, durationArgument } from "./behaviour-target.js";

/** Options of `@Batched()`; only `batch` is required. */
export interface BatchedOptions<R = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The method taking an array of keys: returns results in key order, a Map, or rows `keyOf` reads. */
  batch: string;
  /** Most keys per batch call; larger groups are split. */
  maxBatchSize?: number;
  /**
   * Wait this long before each dispatch, whatever is in flight. Default (no window): adaptive, a batch
   * goes at once when none is in flight, else with every key that arrived while one was.
   */
  window?: Duration;
  /** "caller": callers with different identities never share a batch call. Default "shared". */
  scope?: "shared" | "caller";
  /** Reads a result's key, so the batch method may return rows in any order and omit missing keys. */
  keyOf?: (result: R) => unknown;
}

/**
 * Combines concurrent calls of a one-key method into one call of a batch method (dataloader).
 * Each caller gets its own key's result (undefined when missing) or error. A lone call goes at once;
 * calls arriving while a batch is in flight go together as soon as it settles.
 * @example
 * @Batched({ batch: "findByIds", keyOf: (u: User) => u.id }) async findById(id: string) { ... }
 * async findByIds(ids: string[]) { return query("SELECT * FROM users WHERE id IN (?)", [ids]); }
 */
export function Batched(batchOrOptions: string | BatchedOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const at = behaviourTarget("Batched", "batched", target, key, descriptor);
    const options: BatchedOptions = typeof batchOrOptions === "string" ? { batch: batchOrOptions } : batchOrOptions;
    const fail = (problem: string, fix: string) => new DecoratorUsageError("Batched", at.where, problem, fix);
    if (typeof options?.batch !== "string" || options.batch === "") throw fail("it names no batch method", 'pass its name: @Batched("findByIds")');
    if (options.batch === at.methodName) throw fail("it names itself as its batch method", "name the method that takes an array of keys");
    if ((descriptor!.value as Function).length > 1) throw fail("the method takes more than one parameter", "take the key as the only parameter (an object key is fine)");
    if (options.maxBatchSize !== undefined && !(Number.isInteger(options.maxBatchSize) && options.maxBatchSize > 0)) throw fail(`maxBatchSize ${options.maxBatchSize} is not a positive integer`, "give a whole number of keys");
    if (options.scope !== undefined && options.scope !== "shared" && options.scope !== "caller") throw fail(`scope ${JSON.stringify(options.scope)} is unknown`, 'use "shared" or "caller"');
    metadataStore.addBehaviour(at.ctor, at.methodName, {
      batched: {
        batchMethod: options.batch,
        maxBatchSize: options.maxBatchSize,
        windowMs: options.window === undefined ? undefined : durationArgument("Batched", at, "window", options.window, true),
        scope: options.scope ?? "shared",
        keyOf: options.keyOf as never,
      },
    });
  };
}
