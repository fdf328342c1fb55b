import type { ToolAnnotations } from "../protocol/wire-types.js";

/** A class constructor; the type of every service class mcpkit manages. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = any> = new (...args: any[]) => T;

/** A JSON Schema object (draft 2020-12), as plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * An explicit schema given on a decorator: a JSON Schema object, or anything with a
 * zod-style `safeParse` (converted to JSON Schema once at startup).
 */
export type SchemaInput = JsonSchema | { safeParse(value: unknown): unknown };

/** What `@Tool()` records about one method. */
export interface ToolMetadata {
  kind: "tool";
  methodName: string;
  name: string;
  title?: string;
  description?: string;
  annotations?: ToolAnnotations;
  inputSchema?: SchemaInput;
  outputSchema?: SchemaInput;
  meta?: Record<string, unknown>;
}

/** What `@Resource()` records: a fixed `uri`, or a `uriTemplate` such as `users://{id}`. */
export interface ResourceMetadata {
  kind: "resource";
  methodName: string;
  name: string;
  uri?: string;
  uriTemplate?: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** One argument of a prompt. */
export interface PromptArgumentMetadata {
  name: string;
  description?: string;
  required?: boolean;
}

/** What `@Prompt()` records about one method. */
export interface PromptMetadata {
  kind: "prompt";
  methodName: string;
  name: string;
  title?: string;
  description?: string;
  arguments?: PromptArgumentMetadata[];
}

export type HandlerMetadata = ToolMetadata | ResourceMetadata | PromptMetadata;

/** Options recorded by `@Service()`. */
export interface ServiceOptions {
  /** `singleton` (default): one instance per application; `transient`: a new instance per injection. */
  scope?: "singleton" | "transient";
}

/** Everything mcpkit knows about one class. */
export interface ClassMetadata {
  target: Constructor;
  service?: ServiceOptions;
  handlers: HandlerMetadata[];
}

/** What `@Timeout()` records: the method's own time limit. */
export interface TimeoutBehaviour {
  ms: number;
}

/** What `@Cached()` records (durations already in milliseconds). */
export interface CachedBehaviour {
  ttlMs: number;
  /** Stale-while-revalidate window after `ttlMs`; 0 for none. */
  staleMs: number;
  /** True when the result is the same for every caller, so callers share entries. */
  shared: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  key?: (...args: any[]) => unknown;
  /** The cache's name in keys and stats; defaults to "Class.method". */
  name?: string;
  /** Bounds of a private in-process store for this method alone. */
  max?: number;
  maxSize?: number;
  /** An injection token of a `CacheStore` to use instead of the application's. */
  store?: unknown;
}

/** What `@Batched()` records. */
export interface BatchedBehaviour {
  /** The method that takes an array of keys. */
  batchMethod: string;
  maxBatchSize?: number;
  /** Milliseconds to wait before each dispatch; undefined: adaptive (at once when idle, else when the batch in flight settles). */
  windowMs?: number;
  /** "caller": callers with different identities never share a batch. */
  scope: "shared" | "caller";
  /** Reads a result's key, so results may come back in any order. */
  keyOf?: (item: never) => unknown;
}

/** One cache a mutating method evicts when it settles (what `@InvalidatesCache()` records). */
export interface InvalidationBehaviour {
  /** The cached method's class; undefined for the decorated method's own class. */
  of?: () => Constructor;
  method: string;
  /** Maps the mutating call's arguments to the cached call's; undefined evicts the whole method. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  args?: (...args: any[]) => unknown[];
}

/** Who shares one budget of a limit: each caller its own (anonymous callers one together), or everyone. */
export type LimitScope = "caller" | "global";

/** What `@RateLimit()` records. */
export interface RateLimitBehaviour {
  calls: number;
  perMs: number;
  scope: LimitScope;
  /** Counted on the cluster's Redis when the application has one (true), or in this process always (false). */
  shared: boolean;
}

/** What `@ConcurrencyLimit()` records. */
export interface ConcurrencyBehaviour {
  max: number;
  scope: LimitScope;
  shared: boolean;
}

/** The behaviours recorded on one method. */
export interface MethodBehaviours {
  rateLimit?: RateLimitBehaviour;
  concurrency?: ConcurrencyBehaviour;
  timeout?: TimeoutBehaviour;
  cached?: CachedBehaviour;
  batched?: BatchedBehaviour;
  invalidates?: InvalidationBehaviour[];
}
