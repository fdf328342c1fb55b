import type { CallContext } from "../context/call-context.js";
import type { JsonSchema } from "../metadata/types.js";
import type { Middleware } from "./compose.js";

/** What an interceptor knows about the tool, resource or prompt being called; built once at startup. */
export interface HandlerDescriptor {
  readonly kind: "tool" | "resource" | "prompt";
  /** The tool or prompt name; the resource's URI or URI template. */
  readonly name: string;
  /** "Class.method". */
  readonly where: string;
  readonly target: Function;
  readonly methodName: string;
}

/** A tool's descriptor: a handler with its schemas. */
export interface ToolDescriptor extends HandlerDescriptor {
  readonly kind: "tool";
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
}

/** One call as it passes through the pipeline, for tools, resources and prompts alike. */
export interface Invocation<D extends HandlerDescriptor = HandlerDescriptor> {
  readonly handler: D;
  /** Tool arguments (validation fills in defaults), prompt arguments, or a template's URI variables. */
  args: Record<string, unknown>;
  readonly context: CallContext;
}

/** A tool call as it passes through the pipeline. */
export type ToolInvocation = Invocation<ToolDescriptor>;

/**
 * A step run around every tool call, resource read and prompt get, after argument validation:
 * resolves with the method's (possibly replaced) return value. `invocation.handler.kind` tells which.
 */
export type Interceptor = Middleware<Invocation, unknown>;
