import type { Duration } from "../cache/duration.js";
import { metadataStore } from "../metadata/metadata-store.js";
import { behaviourTarget, durationArgument } from "./behaviour-target.js";

/**
 * Ends the call after `limit` with a `ToolTimeoutError` naming the tool and the limit, and aborts
 * its work: `currentSignal()` aborts, so fetches and queries that take it stop too. Works on tools
 * and on methods of any container-managed class; nested limits keep the earliest deadline.
 * @example
 * @Tool() @Timeout("2s") async search(text: string) { return fetch(url, { signal: currentSignal() }); }
 */
export function Timeout(limit: Duration): MethodDecorator {
  return (target, key, descriptor) => {
    const at = behaviourTarget("Timeout", "timeout", target, key, descriptor);
    metadataStore.addBehaviour(at.ctor, at.methodName, { timeout: { ms: durationArgument("Timeout", at, "the limit", limit) } });
  };
}
