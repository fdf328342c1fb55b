import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { MethodBehaviours } from "../metadata/types.js";
import { parseDuration, type Duration } from "../cache/duration.js";
import { methodTarget, requireAsync, type MethodTarget } from "./method-target.js";

/** Checks a behaviour decorator's placement: an async instance method, decorated once with it. */
export function behaviourTarget(decorator: string, kind: keyof MethodBehaviours, target: object, key: string | symbol, descriptor: PropertyDescriptor | undefined): MethodTarget {
  const at = methodTarget(decorator, target, key, descriptor);
  requireAsync(decorator, at, descriptor!.value as Function, target);
  if (kind !== "invalidates" && metadataStore.ownBehaviours(at.ctor, at.methodName)?.[kind]) {
    throw new DecoratorUsageError(decorator, at.where, "it is applied twice", "keep one");
  }
  return at;
}

/** Milliseconds of a decorator's duration argument, or a usage error saying what is wrong. */
export function durationArgument(decorator: string, at: MethodTarget, option: string, value: Duration, allowZero = false): number {
  const ms = parseDuration(value);
  if (ms === undefined || (!allowZero && ms === 0)) {
    throw new DecoratorUsageError(decorator, at.where, `${option} ${JSON.stringify(value)} is not a duration${allowZero ? "" : " above zero"}`, 'give milliseconds (a number) or a string such as "500ms", "30s", "5m", "1h"');
  }
  return ms;
}
