import type ts from "ts6";
import { compiler } from "./compiler-api.js";
import type { JsonSchema } from "../../metadata/types.js";
import type { DateRevival } from "../generated-dates.js";
import { applyAnnotations, type DocAnnotations } from "./annotations.js";
import { DatePlanBuilder } from "./date-plan.js";
import { constantValue } from "./default-value.js";
import { TypeSchemaBuilder } from "./type-schema.js";

/** True for `async f({ query, limit = 10 }: SearchArgs)`: one destructured object parameter. */
export function isObjectParameter(parameters: readonly ts.ParameterDeclaration[]): boolean {
  return parameters.length === 1 && compiler.isObjectBindingPattern(parameters[0]!.name) && !parameters[0]!.dotDotDotToken;
}

/**
 * The input schema of a method whose one parameter is a destructured object: the arguments
 * object is that parameter, so its type is the input schema. Defaults in the pattern become
 * schema defaults; `@param args.limit text` describes a property.
 */
export function objectParameterInput(parameter: ts.ParameterDeclaration, docs: Map<string, DocAnnotations>, checker: ts.TypeChecker, program: ts.Program): { input: JsonSchema; dates?: DateRevival } {
  const type = parameter.type ? checker.getTypeFromTypeNode(parameter.type) : checker.getTypeAtLocation(parameter);
  const builder = new TypeSchemaBuilder(checker, program);
  const root = builder.finish(builder.schemaOf(type, parameter.type));
  if (root.type !== "object") throw new ObjectParameterError(`its type ${checker.typeToString(type)} is not an object type`);
  const properties = { ...((root.properties ?? {}) as Record<string, JsonSchema>) };
  let required = [...((root.required ?? []) as string[])];
  for (const [name, annotations] of docs) {
    const key = name.slice(name.indexOf(".") + 1);
    if (name.includes(".") && properties[key]) properties[key] = applyAnnotations(properties[key], annotations);
  }
  for (const element of (parameter.name as ts.ObjectBindingPattern).elements) {
    const nameNode = element.propertyName ?? element.name;
    const key = compiler.isIdentifier(nameNode) || compiler.isStringLiteral(nameNode) ? nameNode.text : undefined;
    if (!key || !properties[key] || !element.initializer) continue;
    required = required.filter((r) => r !== key);
    const value = constantValue(element.initializer, checker);
    if (value !== undefined) properties[key] = { ...properties[key], default: value };
  }
  const input: JsonSchema = { ...root, properties };
  if (required.length > 0) input.required = required;
  else delete input.required;
  input.additionalProperties ??= false;
  const dates = new DatePlanBuilder(checker).forObject(type);
  return dates ? { input, dates } : { input };
}

/** A destructured parameter that cannot be the arguments object. */
export class ObjectParameterError extends Error {}
