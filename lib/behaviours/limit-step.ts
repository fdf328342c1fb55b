import type { Redis } from "ioredis";
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { currentCall, type CallContext } from "../context/call-context.js";
import { LimitExceededError } from "../errors/limit-exceeded-error.js";
import type { ConcurrencyBehaviour, LimitScope, RateLimitBehaviour } from "../metadata/types.js";
import { requireCommonJs } from "../runtime/commonjs.js";
import type { MethodCall } from "./method-call.js";

/** Where limits shared by every instance are counted (the cluster's Redis). */
export interface SharedLimitStore {
  client: Redis;
  prefix: string;
}

/** What a limit step needs from the application. */
export interface LimitRuntime {
  callerOf: (call: CallContext | undefined) => string | undefined;
  sharedLimits?: SharedLimitStore;
}

type Flexible = typeof import("rate-limiter-flexible");
let flexible: Flexible | undefined;
/** Loaded on first use: applications without limits never load it. */
const library = (): Flexible => (flexible ??= requireCommonJs("rate-limiter-flexible") as Flexible);

/**
 * The concurrency count on Redis: the library's increment, with the key's life renewed by every
 * call that takes a slot (so a busy key never expires under running calls; slots of an instance
 * that died expire after the slot lifetime) and never below zero (a release after an expiry).
 */
const CONCURRENCY_SCRIPT = `redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
if consumed < 0 then redis.call('set', KEYS[1], 0, 'EX', ARGV[2]) consumed = 0 end
if tonumber(ARGV[1]) > 0 then redis.call('expire', KEYS[1], ARGV[2]) end
return {consumed, redis.call('pttl', KEYS[1])}`;

/** How long a concurrency slot lives on Redis without any call taking one (it outlives calls; it frees a dead instance's slots). */
const SLOT_LIFETIME_S = 60;

/** Refuses calls past the rate, with when to retry; counted on Redis (per-process insurance while it is down) or in process. */
export function rateLimitStep(inner: MethodCall, what: string, where: string, limit: RateLimitBehaviour, runtime: LimitRuntime, streams: boolean): MethodCall {
  const seconds = limit.perMs / 1000;
  const limiter = makeLimiter(where, "rate", limit.shared, runtime, { points: limit.calls, duration: seconds });
  const words = `${limit.calls} call${limit.calls === 1 ? "" : "s"} per ${seconds} s${scopeWords(limit.scope)}`;
  const admit = async () => {
    try {
      await limiter.consume(keyOf(limit.scope, runtime, currentCall()));
    } catch (refusal) {
      throw refusedOr(refusal, what, words);
    }
  };
  return guarded(inner, streams, admit, async () => undefined);
}

/** Refuses a call while `max` run, with when to retry; a slot is given back when the call (or its stream) ends. */
export function concurrencyStep(inner: MethodCall, what: string, where: string, limit: ConcurrencyBehaviour, runtime: LimitRuntime, streams: boolean): MethodCall {
  // In process the count never expires; on Redis it lives as long as calls keep taking slots.
  const limiter = makeLimiter(where, "concurrency", limit.shared, runtime, { points: limit.max, duration: 0 }, { points: limit.max, duration: SLOT_LIFETIME_S, customIncrTtlLuaScript: CONCURRENCY_SCRIPT });
  const words = `${limit.max} call${limit.max === 1 ? "" : "s"} at once${scopeWords(limit.scope)}`;
  const admit = async () => {
    const key = keyOf(limit.scope, runtime, currentCall());
    try {
      await limiter.consume(key);
    } catch (refusal) {
      // A refused consume still counted its point: give it back, or the refusal would hold a slot.
      if (!(refusal instanceof Error)) await limiter.reward(key).catch(() => undefined);
      throw refusedOr(refusal, what, words, 1000);
    }
    return key;
  };
  const release = (key: string) => limiter.reward(key).then(() => undefined, () => undefined);
  return guarded(inner, streams, admit, release);
}

/**
 * Runs `admit` before the call and `release` after it; for an `async *` method the step is itself a
 * stream (the tool builder collects streams it is handed synchronously), released when it ends.
 */
function guarded<T>(inner: MethodCall, streams: boolean, admit: () => Promise<T>, release: (admitted: T) => Promise<void>): MethodCall {
  if (streams) {
    return (args) =>
      (async function* () {
        const admitted = await admit();
        try {
          return yield* inner(args) as unknown as AsyncIterable<unknown>;
        } finally {
          await release(admitted);
        }
      })() as never;
  }
  return async (args) => {
    const admitted = await admit();
    try {
      return await inner(args);
    } finally {
      await release(admitted);
    }
  };
}

function makeLimiter(where: string, kind: string, shared: boolean, runtime: LimitRuntime, local: { points: number; duration: number }, onRedis: { points: number; duration: number; customIncrTtlLuaScript?: string } = local): RateLimiterAbstract {
  const { RateLimiterMemory, RateLimiterRedis } = library();
  const inProcess = new RateLimiterMemory({ ...local, keyPrefix: `${kind}:${where}` });
  const store = shared ? runtime.sharedLimits : undefined;
  if (!store) return inProcess;
  // Redis windows are whole seconds; while Redis is down each instance counts on its own (insurance).
  const duration = Math.max(1, Math.ceil(onRedis.duration));
  return new RateLimiterRedis({ ...onRedis, duration, storeClient: store.client, keyPrefix: `${store.prefix}${kind}:${where}`, rejectIfRedisNotReady: true, insuranceLimiter: inProcess });
}

function keyOf(scope: LimitScope, runtime: LimitRuntime, call: CallContext | undefined): string {
  return scope === "global" ? "all" : `caller:${runtime.callerOf(call) ?? "anonymous"}`;
}

function scopeWords(scope: LimitScope): string {
  return scope === "global" ? " for all callers together" : " for each caller";
}

function refusedOr(refusal: unknown, what: string, words: string, retryAfterMs?: number): unknown {
  if (refusal instanceof Error) return refusal;
  const { msBeforeNext } = refusal as RateLimiterRes;
  return new LimitExceededError(what, words, retryAfterMs ?? msBeforeNext);
}
