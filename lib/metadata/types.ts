import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";

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
