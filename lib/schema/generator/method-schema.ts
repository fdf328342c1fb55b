import type ts from "ts6";
import { compiler } from "./compiler-api.js";
import type { JsonSchema } from "../../metadata/types.js";
import { SchemaGenerationError } from "../../errors/schema-generation-error.js";
import { applyAnnotations, BadTagError, emptyAnnotations, methodAnnotations } from "./annotations.js";
import { DatePlanBuilder } from "./date-plan.js";
import { constantValue } from "./default-value.js";
import { isObjectParameter, ObjectParameterError, objectParameterInput } from "./object-parameter.js";
import type { HandlerDecorator } from "./handler-decorators.js";
import type { GeneratedHandlerSchema } from "../generated-schemas.js";
import { TypeSchemaBuilder, UnsupportedTypeError } from "./type-schema.js";

/** What the generated module records for one decorated method: the shape the runtime reads. */
export type GeneratedHandler = GeneratedHandlerSchema;

export interface MethodContext {
  checker: ts.TypeChecker;
  program: ts.Program;
  /** "samples/app/tools.ts:12". */
  location: string;
  /** "Class.method". */
  where: string;
}

// Return types that are not data: the method builds its own MCP result, or returns plain text.
const NOT_DATA = new Set(["ToolResult", "CallToolResult", "AsyncGenerator", "AsyncIterable", "AsyncIterableIterator", "Generator", "Iterable"]);

/** Input schema (one property per parameter, JSDoc descriptions and constraints) and output schema of a method. */
export function extractHandler(method: ts.MethodDeclaration, decorator: HandlerDecorator, context: MethodContext): GeneratedHandler {
  const { checker } = context;
  const symbol = method.name ? checker.getSymbolAtLocation(method.name) : undefined;
  let docs: ReturnType<typeof methodAnnotations>;
  try {
    docs = methodAnnotations(method, checker, symbol);
  } catch (error) {
    if (!(error instanceof BadTagError)) throw error;
    throw fail(context, error.parameter ? `parameter "${error.parameter}"` : "its JSDoc", error.message, "correct the JSDoc tag");
  }
  const handler: GeneratedHandler = { kind: decorator.kind, parameters: [] };
  if (docs.method.description) handler.description = docs.method.description;

  const builder = new TypeSchemaBuilder(checker, context.program);
  const properties: JsonSchema = {};
  const required: string[] = [];
  const types: [string, ts.Type][] = [];
  // A `this` parameter is a type annotation only; it does not exist at run time.
  const parameters = method.parameters.filter((p) => !(compiler.isIdentifier(p.name) && p.name.text === "this"));
  if (decorator.kind === "tool" && isObjectParameter(parameters)) {
    handler.binding = "object";
    if (!decorator.explicitInput) {
      try {
        Object.assign(handler, objectParameterInput(parameters[0]!, docs.params, checker, context.program));
      } catch (error) {
        if (error instanceof ObjectParameterError) throw fail(context, "its destructured parameter", error.message, "destructure an object type, or give an explicit schema: @Tool({ input: { ... } })");
        throw asGenerationError(error, context, "its destructured parameter", "input");
      }
    }
  } else parameters.forEach((parameter, index) => {
    if (!compiler.isIdentifier(parameter.name) || parameter.dotDotDotToken) {
      throw fail(context, `parameter ${index + 1}`, "it is destructured or a rest parameter, so no argument name maps to it", "give it a plain name, make a destructured object the method's only parameter (it then receives the arguments object), or pass an explicit schema: @Tool({ input: { ... } })");
    }
    const name = parameter.name.text;
    handler.parameters.push(name);
    if (decorator.explicitInput) return;
    const subject = `parameter "${name}"`;
    const type = parameter.type ? checker.getTypeFromTypeNode(parameter.type) : checker.getTypeAtLocation(parameter);
    let schema: JsonSchema;
    try {
      schema = applyAnnotations(builder.schemaOf(type, parameter.type), docs.params.get(name) ?? emptyAnnotations());
    } catch (error) {
      throw asGenerationError(error, context, subject, "input");
    }
    if (parameter.initializer) {
      const value = constantValue(parameter.initializer, checker);
      if (value !== undefined) {
        if (schema.default !== undefined && JSON.stringify(schema.default) !== JSON.stringify(value)) {
          throw fail(context, subject, `the JSDoc @default ${JSON.stringify(schema.default)} disagrees with the parameter's default ${JSON.stringify(value)}`, "remove the @default tag: the parameter's own default is used");
        }
        schema.default = value;
      }
    }
    properties[name] = schema;
    types.push([name, type]);
    const optional = !!parameter.questionToken || !!parameter.initializer || TypeSchemaBuilder.includesUndefined(type);
    if (!optional) required.push(name);
  });
  if (!decorator.explicitInput && handler.binding !== "object") {
    const input: JsonSchema = { type: "object", properties };
    if (required.length > 0) input.required = required;
    input.additionalProperties = false;
    handler.input = builder.finish(input);
    const dates = decorator.kind === "tool" ? new DatePlanBuilder(checker).forArguments(types) : undefined;
    if (dates) handler.dates = dates;
  }

  if (decorator.kind === "tool" && !decorator.explicitOutput) {
    const output = outputSchema(method, context, docs.returns);
    if (output) handler.output = output;
  }
  return handler;
}

/** The schema of what the method's promise resolves to; undefined when it returns no data. */
function outputSchema(method: ts.MethodDeclaration, context: MethodContext, description: string | undefined): JsonSchema | undefined {
  const { checker } = context;
  const signature = checker.getSignatureFromDeclaration(method);
  if (!signature) return undefined;
  const type = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature)) ?? checker.getReturnTypeOfSignature(signature);
  const members = type.isUnion() ? type.types : [type];
  const data = members.filter((t) => !(t.flags & (compiler.TypeFlags.Undefined | compiler.TypeFlags.Void | compiler.TypeFlags.Null)));
  if (data.length === 0) return undefined;
  if (data.some((t) => t.flags & (compiler.TypeFlags.Any | compiler.TypeFlags.Unknown | compiler.TypeFlags.Never))) return undefined;
  if (data.every((t) => t.flags & compiler.TypeFlags.StringLike)) return undefined;
  if (data.some((t) => NOT_DATA.has((t.aliasSymbol ?? t.getSymbol())?.getName() ?? ""))) return undefined;
  const builder = new TypeSchemaBuilder(checker, context.program);
  try {
    let schema = builder.schemaOf(type, method.type);
    // A method that may resolve to nothing returns null in structured content (JSON has no undefined).
    if (data.length < members.length && !members.some((t) => t.flags & compiler.TypeFlags.Null)) schema = nullable(schema);
    if (description) schema = applyAnnotations(schema, { ...emptyAnnotations(), description });
    return builder.finish(schema);
  } catch (error) {
    throw asGenerationError(error, context, "the return type", "output");
  }
}

function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === "string" && Object.keys(schema).every((k) => k === "type" || k === "format")) return { ...schema, type: [schema.type, "null"] };
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: "null" }] };
  return { anyOf: [schema, { type: "null" }] };
}

function fail(context: MethodContext, subject: string, problem: string, fix: string): SchemaGenerationError {
  return new SchemaGenerationError(context.location, context.where, subject, problem, fix);
}

function asGenerationError(error: unknown, context: MethodContext, subject: string, side: "input" | "output"): Error {
  if (error instanceof BadTagError) return fail(context, subject, error.message, "correct the JSDoc tag");
  if (!(error instanceof UnsupportedTypeError)) return error as Error;
  const fix = side === "input"
    ? "use a JSON-friendly type, or give an explicit schema: @Tool({ input: { type: \"object\", properties: { ... } } }) (JSON Schema or zod)"
    : "return a JSON-friendly type, or give an explicit schema: @Tool({ output: { type: \"object\", ... } }) (JSON Schema or zod)";
  return fail(context, subject, error.message, fix);
}
