import type { Tool } from "../protocol/wire-types.js";
import { currentCall } from "../context/call-context.js";
import { SchemaError } from "../errors/schema-error.js";
import type { Constructor, ToolMetadata } from "../metadata/types.js";
import { envelope, type CallEnvelopeOptions } from "../pipeline/call-envelope.js";
import type { ToolDescriptor, ToolInvocation } from "../pipeline/invocation.js";
import { collectStream, isAsyncIterable } from "../pipeline/collect-stream.js";
import { mapToolResult, structuredOutputSchema } from "../pipeline/map-tool-result.js";
import { validateArguments } from "../pipeline/validate-arguments.js";
import { compileArgumentValidator } from "../schema/argument-validator.js";
import type { ResolvedSchema } from "../schema/schema-source.js";
import type { GeneratedResolvedSchema } from "../schema/generated-schema-source.js";
import { createArgumentBinder } from "./argument-binder.js";
import type { ToolEntry } from "./registry.js";

export interface ToolEntryInput {
  target: Constructor;
  instance: Record<string, Function>;
  handler: ToolMetadata;
  schema: ResolvedSchema;
  /** The application's call envelope: in-flight tracking and interceptors. */
  envelope: CallEnvelopeOptions;
}

/** Builds one tool's list entry and composes its pipeline: map result -> in flight -> validate -> interceptors -> method. */
export function buildToolEntry(input: ToolEntryInput): ToolEntry {
  const { target, instance, handler, schema } = input;
  const where = `${target.name}.${handler.methodName}`;
  let validator;
  try {
    // A generated schema may come with its validator compiled ahead of time (no Ajv at start-up).
    validator = (schema as GeneratedResolvedSchema).validator ?? compileArgumentValidator(schema.input);
  } catch (cause) {
    throw new SchemaError(where, "the input schema does not compile", "correct the schema (it must be valid JSON Schema 2020-12)", { cause });
  }
  const descriptor: ToolDescriptor = {
    kind: "tool",
    name: handler.name,
    where,
    target,
    methodName: handler.methodName,
    inputSchema: schema.input,
    outputSchema: schema.output,
  };
  const bind = createArgumentBinder(schema.binding);
  // Generated schemas know which arguments are Dates: their ISO strings become Dates for the method.
  const revive = (schema as GeneratedResolvedSchema).reviveArguments;
  const methodName = handler.methodName;
  // Looked up per call so that behaviours installed on the instance after construction apply.
  const invokeMethod = (invocation: ToolInvocation) => {
    const value = instance[methodName]!(...bind(revive ? revive(invocation.args) : invocation.args));
    // An `async *` method streams: its chunks go out as progress and are assembled into the result.
    // currentCall(): a timeout step may have narrowed the signal since the invocation was made.
    return isAsyncIterable(value) ? collectStream(value, currentCall() ?? invocation.context) : Promise.resolve(value);
  };
  const call = envelope(input.envelope, descriptor, { outer: [mapToolResult], inner: [validateArguments(validator)] }, invokeMethod);

  const definition: Tool = { name: handler.name, inputSchema: schema.input as Tool["inputSchema"] };
  if (handler.title) definition.title = handler.title;
  const description = handler.description ?? schema.description;
  if (description) definition.description = description;
  // Clients see an object schema (other return types wrapped as { result }); the descriptor keeps the return value's own.
  if (schema.output) definition.outputSchema = structuredOutputSchema(schema.output) as Tool["outputSchema"];
  if (handler.annotations) definition.annotations = handler.annotations;
  if (handler.meta) definition._meta = handler.meta;

  return {
    descriptor,
    definition,
    call(args, incoming) {
      return call(handler.name, args, incoming) as Promise<never>;
    },
  };
}
