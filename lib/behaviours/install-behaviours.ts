import type { CallContext } from "../context/call-context.js";
import type { CacheManager } from "../cache/cache-manager.js";
import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor, MethodBehaviours } from "../metadata/types.js";
import { batchStep } from "./batch-step.js";
import { invalidateStep } from "./invalidate-step.js";
import { concurrencyStep, rateLimitStep, type SharedLimitStore } from "./limit-step.js";
import type { MethodCall } from "./method-call.js";
import { timeoutStep } from "./timeout-step.js";

/** What installing behaviours needs from the application. */
export interface BehaviourRuntime {
  cache: CacheManager;
  callerOf: (call: CallContext | undefined) => string | undefined;
  /** Limit of tool methods without their own `@Timeout`. */
  defaultTimeoutMs?: number;
  /** Where `@RateLimit`/`@ConcurrencyLimit` count across instances (the cluster's Redis). */
  sharedLimits?: SharedLimitStore;
}

/** The fixed order of the steps, outermost first, whatever order the decorators are written in. */
export const BEHAVIOUR_ORDER = ["rateLimit", "concurrency", "timeout", "invalidates", "cached", "batched"] as const;

/** The steps installed on a wrapped method, outermost first (for tests and diagnostics). */
export const INSTALLED_STEPS = Symbol("mcpkit.installedSteps");

const installed = new WeakSet<object>();

/**
 * Replaces each behaviour-decorated method of a container-built instance with its composed chain
 * (rate limit -> concurrency limit -> timeout -> invalidation -> cache -> batch -> method), once per instance and method. The
 * prototype is untouched: instances made with `new` outside an application behave as written.
 */
export function installBehaviours(instance: unknown, runtime: BehaviourRuntime): void {
  if (typeof instance !== "object" || instance === null || installed.has(instance)) return;
  const target = instance.constructor as Constructor;
  const behaviours = metadataStore.behavioursOf(target);
  const tools = new Map<string, string>();
  for (const handler of metadataStore.get(target)?.handlers ?? []) if (handler.kind === "tool") tools.set(handler.methodName, handler.name);
  if (behaviours.size === 0 && (tools.size === 0 || runtime.defaultTimeoutMs === undefined)) return;
  installed.add(instance);
  for (const method of new Set([...behaviours.keys(), ...tools.keys()])) {
    install(instance as Record<string, unknown>, target, method, behaviours.get(method) ?? {}, tools.get(method), runtime);
  }
}

function install(instance: Record<string, unknown>, target: Constructor, method: string, b: MethodBehaviours, toolName: string | undefined, runtime: BehaviourRuntime): void {
  const where = `${target.name}.${method}`;
  const original = instance[method];
  if (typeof original !== "function") return;
  const timeoutMs = b.timeout?.ms ?? (toolName !== undefined ? runtime.defaultTimeoutMs : undefined);
  const steps: string[] = [];
  let call: MethodCall = (args) => original.apply(instance, args);
  if (b.batched) {
    if (typeof instance[b.batched.batchMethod] !== "function") {
      throw new DecoratorUsageError("Batched", where, `its batch method "${b.batched.batchMethod}" is not a method of ${target.name}`, `add \`async ${b.batched.batchMethod}(keys)\` to ${target.name} or name an existing one`);
    }
    call = batchStep(instance, where, b.batched, runtime.callerOf);
    steps.unshift("batched");
  }
  if (b.cached) {
    call = runtime.cache.cacheOf(target, method, b.cached, timeoutMs).wrap(call);
    steps.unshift("cached");
  }
  if (b.invalidates) {
    call = invalidateStep(call, target, where, b.invalidates, runtime.cache);
    steps.unshift("invalidates");
  }
  if (timeoutMs !== undefined) {
    call = timeoutStep(call, where, timeoutMs, toolName);
    steps.unshift("timeout");
  }
  const what = toolName !== undefined ? `Tool "${toolName}"` : where;
  const streams = original.constructor?.name === "AsyncGeneratorFunction";
  if (b.concurrency) {
    call = concurrencyStep(call, what, where, b.concurrency, runtime, streams);
    steps.unshift("concurrency");
  }
  if (b.rateLimit) {
    call = rateLimitStep(call, what, where, b.rateLimit, runtime, streams);
    steps.unshift("rateLimit");
  }
  if (steps.length === 0) return;
  const chain = call;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    return chain(args);
  };
  // Reflection reads parameter names from the source: show it the method's own.
  Object.defineProperties(wrapped, {
    name: { value: original.name },
    length: { value: original.length },
    toString: { value: () => Function.prototype.toString.call(original) },
    [INSTALLED_STEPS]: { value: steps },
  });
  Object.defineProperty(instance, method, { value: wrapped, writable: true, configurable: true, enumerable: false });
}
