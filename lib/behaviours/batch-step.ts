import type DataLoaderType from "dataloader";
import { requireCommonJs } from "../runtime/commonjs.js";

const DataLoader: typeof DataLoaderType = requireCommonJs("dataloader");
import { currentCall, runInCallContext, type CallContext } from "../context/call-context.js";
import { BatchResultError } from "../errors/batch-result-error.js";
import { CacheKeyError } from "../errors/cache-key-error.js";
import type { BatchedBehaviour } from "../metadata/types.js";
import { stableKey } from "../cache/stable-key.js";
import type { MethodCall } from "./method-call.js";
import { SharedWork } from "./shared-work.js";
import { BatchDispatch } from "./batch-dispatch.js";
import type { Span } from "@opentelemetry/api";
import { endWhenSettled, observedCall, type CallTelemetry } from "../telemetry/observed-call.js";
import { MAX_RECORDED_KEYS, MCPKIT_ATTR, SPAN } from "../telemetry/semantic-conventions.js";

/** Calls collected until one dispatch, and the callers waiting on them. */
interface BatchWindow {
  loader: DataLoaderType<unknown, unknown, string>;
  callers: (CallContext | undefined)[];
  /** Observed callers' `batch.wait` spans by key: what the batch span links to. */
  waits?: Map<string, Span[]>;
  telemetry?: CallTelemetry;
}

/** One batch scope (everyone, or one caller): the window collecting calls, and when batches go. */
interface BatchScope {
  collecting?: BatchWindow;
  dispatch: BatchDispatch;
}

/**
 * Turns concurrent single-key calls into calls of the batch method (dataloader): one loader per
 * window (and per caller when scoped), so results are never remembered across windows; duplicate
 * keys are fetched once; each caller gets its own key's result or error. Batches go as
 * `BatchDispatch` decides: at once when idle, else as soon as the batch in flight settles.
 */
export function batchStep(instance: object, where: string, behaviour: BatchedBehaviour, callerOf: (call: CallContext | undefined) => string | undefined): MethodCall {
  const batchWhere = `${instance.constructor.name}.${behaviour.batchMethod}`;
  const scopes = new Map<string, BatchScope>();
  let anonymous = 0;

  const forgetIfIdle = (name: string, scope: BatchScope) => {
    if (!scope.collecting && scope.dispatch.idle && scopes.get(name) === scope) scopes.delete(name);
  };

  const open = (name: string, scope: BatchScope): BatchWindow => {
    const window: BatchWindow = {
      callers: [],
      loader: new DataLoader<unknown, unknown, string>(
        async (keys) => {
          // Calls from now on open a new window: this one is dispatched.
          if (scope.collecting === window) scope.collecting = undefined;
          const context = batchContext(window.callers);
          // In flight until it settles, or until every caller waiting on it has gone.
          const release = scope.dispatch.started(() => context.signal());
          try {
            const batch = (instance as Record<string, (keys: unknown[]) => unknown>)[behaviour.batchMethod]!;
            const run = () => context.run(async () => batch.call(instance, [...keys]));
            const result = await (window.telemetry ? tracedBatch(window.telemetry, batchWhere, keys, window.waits!, run) : run());
            return matchResults(batchWhere, keys, result, behaviour.keyOf as ((item: unknown) => unknown) | undefined);
          } finally {
            release();
            forgetIfIdle(name, scope);
          }
        },
        { maxBatchSize: behaviour.maxBatchSize, batchScheduleFn: scope.dispatch.schedule, cacheKeyFn: stableKey },
      ),
    };
    scope.collecting = window;
    return window;
  };

  return (args) => {
    const call = currentCall();
    // A caller without identity shares a batch with no one.
    const name = behaviour.scope === "caller" ? (callerOf(call) ?? `\u0000anonymous:${++anonymous}`) : "";
    let scope = scopes.get(name);
    if (!scope) scopes.set(name, (scope = { dispatch: new BatchDispatch(behaviour.windowMs) }));
    const window = scope.collecting ?? open(name, scope);
    try {
      const result = window.loader.load(args[0]);
      window.callers.push(call);
      const telemetry = observedCall();
      if (!telemetry) return result;
      const wait = telemetry.startSpan(`${SPAN.batchWait} ${where}`, { [MCPKIT_ATTR.batchMethod]: batchWhere });
      window.telemetry ??= telemetry;
      const key = stableKey(args[0]);
      const waits = (window.waits ??= new Map());
      waits.set(key, [...(waits.get(key) ?? []), wait]);
      return endWhenSettled(telemetry, wait, result);
    } catch (error) {
      return Promise.reject(new CacheKeyError(where, (error as Error).message));
    }
  };
}

/**
 * Where a batch call runs. A lone caller's batch runs in that caller's own call context (its signal
 * and deadline are what shared work would compute, at no cost); several callers' batch runs as
 * shared work, under a signal that aborts only when all of them have gone.
 */
function batchContext(callers: (CallContext | undefined)[]): { signal(): AbortSignal | undefined; run<T>(fn: () => Promise<T>): Promise<T> } {
  const [first] = callers;
  // Read only when needed: a lone caller's signal may not exist yet (see `LazyAbortController`).
  if (callers.length === 1 && first) return { signal: () => first.signal, run: (fn) => runInCallContext(first, fn) };
  const work = new SharedWork();
  for (const caller of callers) work.join(caller);
  return { signal: () => work.signal, run: (fn) => work.run(first, fn) };
}

/**
 * One batch call as a span: the child of the first waiting caller's `batch.wait`, linked to every
 * waiting caller's (each in its own trace), and each of those linked back to it.
 */
function tracedBatch(telemetry: CallTelemetry, batchWhere: string, keys: readonly unknown[], waits: Map<string, Span[]>, run: () => Promise<unknown>): Promise<unknown> {
  const waiting = keys.flatMap((key) => waits.get(stableKey(key)) ?? []);
  const span = telemetry.startSpan(
    `${SPAN.batch} ${batchWhere}`,
    { [MCPKIT_ATTR.batchMethod]: batchWhere, [MCPKIT_ATTR.batchSize]: keys.length, [MCPKIT_ATTR.batchKeys]: keys.slice(0, MAX_RECORDED_KEYS).map(keyText) },
    { parent: waiting[0], links: waiting },
  );
  for (const wait of waiting) wait.addLink({ context: span.spanContext() });
  telemetry.recordBatch(batchWhere, keys.length);
  return endWhenSettled(telemetry, span, telemetry.withSpan(span, run));
}

function keyText(key: unknown): string {
  return typeof key === "string" ? key : typeof key === "number" || typeof key === "bigint" || typeof key === "boolean" ? String(key) : stableKey(key);
}

/** Each key's result, matched by key when the batch method says which result is whose. */
function matchResults(where: string, keys: readonly unknown[], result: unknown, keyOf: ((item: unknown) => unknown) | undefined): unknown[] {
  if (result instanceof Map) {
    const byKey = new Map<string, unknown>();
    for (const [key, value] of result) byKey.set(stableKey(key), value);
    return keys.map((key) => byKey.get(stableKey(key)));
  }
  if (!Array.isArray(result)) throw new BatchResultError(where, `returned ${result === null ? "null" : typeof result}, not an array or a Map`);
  if (keyOf) {
    const byKey = new Map<string, unknown>();
    for (const item of result) {
      const key = stableKey(keyOf(item));
      if (!byKey.has(key)) byKey.set(key, item);
    }
    return keys.map((key) => byKey.get(stableKey(key)));
  }
  if (result.length !== keys.length) throw new BatchResultError(where, `returned ${result.length} results for ${keys.length} keys`);
  return result;
}
