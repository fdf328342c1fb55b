import type * as OtelApi from "@opentelemetry/api";
import type { Attributes, Span } from "@opentelemetry/api";

/**
 * What code below a call (caches, batches, timeouts, pools) uses to report its work. An observed
 * request carries its application's instance in the OpenTelemetry context; everything else sees
 * none. This file only refers to the OpenTelemetry API's types: the API itself is loaded when an
 * application with telemetry starts, so servers without it pay nothing, not even the module load.
 */
export interface CallTelemetry {
  /** Starts a span under the current one (or `parent`), linked to `links`. */
  startSpan(name: string, attributes?: Attributes, options?: { kind?: "client"; parent?: Span; links?: readonly Span[] }): Span;
  /** Runs `fn` with `span` as the current span, so what it starts becomes its children. */
  withSpan<T>(span: Span, fn: () => T): T;
  /** Ends `span`; with an error: its class as `error.type`, status ERROR with its message. */
  endSpan(span: Span, error?: unknown): void;
  /** An event on the current span (a timeout, a killed query). */
  addEvent(name: string, attributes?: Attributes): void;
  /** Records a thrown error on the current span as an exception event (a tool error the client reads as a result). */
  recordException(error: unknown): void;
  /** One batch call of `method` with `size` keys. */
  recordBatch(method: string, size: number): void;
  /** How long a caller waited for a connection of a pool. */
  recordPoolWait(pool: { name: string; kind: string }, seconds: number): void;
  /** Writes the current trace context into outgoing headers (`traceparent`, ...), as the configured propagator says. */
  inject(headers: Record<string, string>): void;
}

let api: typeof OtelApi | undefined;
let callKey: symbol | undefined;

/** Called by the telemetry module once the API is loaded. */
export function useOpenTelemetryApi(loaded: typeof OtelApi, key: symbol): void {
  api = loaded;
  callKey = key;
}

/** The OpenTelemetry API when an application with telemetry has started, else undefined. */
export function loadedOpenTelemetryApi(): typeof OtelApi | undefined {
  return api;
}

/** The telemetry of the request being served, or undefined when it is not observed (one branch when nothing is loaded). */
export function observedCall(): CallTelemetry | undefined {
  return api === undefined ? undefined : (api.context.active().getValue(callKey!) as CallTelemetry | undefined);
}

/** `promise`, ending `span` when it settles (recording the error when it rejects). */
export function endWhenSettled<T>(telemetry: CallTelemetry, span: Span, promise: Promise<T>): Promise<T> {
  return promise.then(
    (value) => {
      telemetry.endSpan(span);
      return value;
    },
    (error: unknown) => {
      telemetry.endSpan(span, error);
      throw error;
    },
  );
}
