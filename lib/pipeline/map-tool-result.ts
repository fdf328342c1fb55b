import type { CallToolResult } from "../protocol/wire-types.js";
import { InputNeededSignal } from "../context/input-round.js";
import { InvalidParamsError } from "../errors/invalid-params-error.js";
import type { JsonSchema } from "../metadata/types.js";
import { ToolResult } from "../server/tool-result.js";
import type { ToolInvocation } from "./invocation.js";
import type { Middleware } from "./compose.js";
import { observedCall } from "../telemetry/observed-call.js";

/**
 * Turns what a method returned into a CallToolResult: strings as text, other values as JSON text
 * (and as `structuredContent` when the tool declares an output schema, see `structuredOutputSchema`).
 * Thrown errors become `isError` results so the model can read and correct them; protocol errors
 * (InvalidParamsError) and a 2026-07-28 call's need for client input pass through.
 */
export const mapToolResult: Middleware<ToolInvocation, unknown> = async (invocation, next) => {
  try {
    return toCallToolResult(await next(), invocation.handler.outputSchema);
  } catch (error) {
    if (error instanceof InvalidParamsError || error instanceof InputNeededSignal || isProtocolError(error)) throw error;
    // The client reads a message; the trace keeps the exception (its class and stack) on the call's span.
    observedCall()?.recordException(error);
    return errorResult(error);
  }
};

/**
 * The output schema clients see. MCP requires structured content to be an object, so a method
 * returning anything else (an array, a number, `User | null`) has its value wrapped as
 * `{ result: value }`, and its schema as `{ type: "object", properties: { result: ... } }`.
 */
export function structuredOutputSchema(output: JsonSchema): JsonSchema {
  if (output.type === "object") return output;
  const { $defs, ...value } = output;
  const wrapped: JsonSchema = { type: "object", properties: { result: value }, required: ["result"] };
  if ($defs) wrapped.$defs = $defs;
  return wrapped;
}

/**
 * `output` is the schema of the method's return value (a descriptor's `outputSchema`): with one,
 * the value is also sent as `structuredContent`, wrapped as `structuredOutputSchema` says, beside
 * its text. `true` is the older form: structured content for plain objects only.
 */
export function toCallToolResult(value: unknown, output?: JsonSchema | boolean): CallToolResult {
  if (value instanceof ToolResult) {
    builtByMethod.add(value.result);
    return value.result;
  }
  if (output && typeof output === "object") return structuredResult(value, output);
  const structured = output === true;
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === "string") return { content: [{ type: "text", text: value }] };
  const text = JSON.stringify(value);
  if (structured && typeof value === "object" && !Array.isArray(value)) {
    return { content: [{ type: "text", text }], structuredContent: value as Record<string, unknown> };
  }
  return { content: [{ type: "text", text }] };
}

function structuredResult(value: unknown, output: JsonSchema): CallToolResult {
  if (output.type === "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return toCallToolResult(value, false);
    const text = JSON.stringify(value);
    return { content: [{ type: "text", text }], structuredContent: (holdsDates(output) ? JSON.parse(text) : value) as Record<string, unknown> };
  }
  const result = value === undefined ? null : value;
  const text = typeof result === "string" ? result : JSON.stringify(result);
  const data = holdsDates(output) && typeof result === "object" && result !== null ? JSON.parse(text) : result;
  return { content: [{ type: "text", text }], structuredContent: { result: data } };
}

/** Results a method built itself (`ToolResult`): their blocks are the method's, not checked by mcpkit. */
const builtByMethod = new WeakSet<object>();

/** True for a tool result the method built itself (`ToolResult`) rather than mcpkit from its return value. */
export function isBuiltByMethod(result: unknown): boolean {
  return typeof result === "object" && result !== null && builtByMethod.has(result);
}

const dateSchemas = new WeakMap<JsonSchema, boolean>();

/**
 * True when the schema has date-time strings, which a method may return as `Date` objects: those
 * are sent as JSON data (ISO strings), as the schema says, even over in-memory transports.
 */
function holdsDates(schema: JsonSchema): boolean {
  let known = dateSchemas.get(schema);
  if (known === undefined) {
    known = JSON.stringify(schema).includes('"format":"date-time"');
    dateSchemas.set(schema, known);
  }
  return known;
}

/** A protocol error a method threw itself (the SDK's ProtocolError, recognised without importing the SDK): it stays one. */
export function isProtocolError(error: unknown): boolean {
  return error instanceof Error && error.name === "ProtocolError" && typeof (error as { code?: unknown }).code === "number";
}

export function errorResult(error: unknown): CallToolResult {
  const message = error instanceof Error ? error.message : String(error);
  return { content: [{ type: "text", text: message }], isError: true };
}
