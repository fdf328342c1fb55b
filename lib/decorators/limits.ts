import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import type { Duration } from "../cache/duration.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { LimitScope } from "../metadata/types.js";
import { behaviourTarget, durationArgument } from "./behaviour-target.js";
import type { MethodTarget } from "./method-target.js";

/** Options of `@RateLimit()`. */
export interface RateLimitOptions {
  /** Calls allowed in each window. */
  calls: number;
  /** The window, e.g. "1m". */
  per: Duration;
  /** "caller" (default): each caller has its own budget (callers without an identity share one); "global": one for everyone. */
  scope?: LimitScope;
  /** Count on the cluster's Redis when the application has `cluster` (default true), so the limit holds across instances; false: per process. */
  shared?: boolean;
}

/** Options of `@ConcurrencyLimit()`. */
export interface ConcurrencyLimitOptions {
  /** Calls running at once. */
  max: number;
  scope?: LimitScope;
  shared?: boolean;
}

/**
 * Refuses calls past `calls` per `per` with a clear error saying when to retry, instead of
 * queueing them. Counting is rate-limiter-flexible's; across instances with the `cluster` option.
 * @example
 * @Tool() @RateLimit({ calls: 10, per: "1m" }) async search(text: string) { ... }
 */
export function RateLimit(options: RateLimitOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const at = behaviourTarget("RateLimit", "rateLimit", target, key, descriptor);
    const calls = positiveInteger("RateLimit", at, "calls", options.calls);
    const perMs = durationArgument("RateLimit", at, "per", options.per);
    metadataStore.addBehaviour(at.ctor, at.methodName, { rateLimit: { calls, perMs, scope: scopeOf("RateLimit", at, options.scope), shared: options.shared ?? true } });
  };
}

/**
 * Refuses a call while `max` calls of the method are running (per caller or globally, across
 * instances with the `cluster` option) with a clear error saying when to retry.
 * @example
 * @Tool() @ConcurrencyLimit({ max: 4, scope: "global" }) async export(report: string) { ... }
 */
export function ConcurrencyLimit(options: ConcurrencyLimitOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const at = behaviourTarget("ConcurrencyLimit", "concurrency", target, key, descriptor);
    const max = positiveInteger("ConcurrencyLimit", at, "max", options.max);
    metadataStore.addBehaviour(at.ctor, at.methodName, { concurrency: { max, scope: scopeOf("ConcurrencyLimit", at, options.scope), shared: options.shared ?? true } });
  };
}

function positiveInteger(decorator: string, at: MethodTarget, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new DecoratorUsageError(decorator, at.where, `${option} ${JSON.stringify(value)} is not a whole number above zero`, `give ${option} as 1 or more`);
  return value;
}

function scopeOf(decorator: string, at: MethodTarget, scope: LimitScope | undefined): LimitScope {
  if (scope === undefined || scope === "caller" || scope === "global") return scope ?? "caller";
  throw new DecoratorUsageError(decorator, at.where, `scope ${JSON.stringify(scope)} is unknown`, 'use "caller" or "global"');
}
