import type { CallContext } from "../context/call-context.js";
import type { JsonSchema } from "../metadata/types.js";
import type { Middleware } from "./compose.js";

/** What an interceptor knows about the tool being called; built once at startup. */
export interface ToolDescriptor {
  readonly name: string;
  /** "Class.method". */
  readonly where: string;
  readonly target: Function;
  readonly methodName: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
}

/** One tool call as it passes through the pipeline. */
export interface ToolInvocation {
  readonly tool: ToolDescriptor;
  /** The call's arguments; validation fills in defaults. */
  args: Record<string, unknown>;
  readonly context: CallContext;
}

/** A step of the tool pipeline; resolves with the method's (possibly replaced) return value. */
export type ToolInterceptor = Middleware<ToolInvocation, unknown>;
