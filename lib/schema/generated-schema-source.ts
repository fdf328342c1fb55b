import { StaleSchemaError } from "../errors/stale-schema-error.js";
import type { Constructor, JsonSchema, PromptArgumentMetadata, PromptMetadata } from "../metadata/types.js";
import { toJsonSchema } from "./explicit-schema-source.js";
import { createDateReviver } from "./generated-dates.js";
import { loadedSchemasOf } from "./generated-module-loader.js";
import type { GeneratedHandlerSchema } from "./generated-schemas.js";
import { parseParameters } from "./parameter-names.js";
import { precompiledValidatorOf } from "./precompiled-validators.js";
import type { ArgumentValidator } from "./argument-validator.js";
import type { ResolvedSchema, SchemaRequest, SchemaSource } from "./schema-source.js";

/** A generated answer: a ResolvedSchema that may also turn ISO strings back into Date arguments. */
export interface GeneratedResolvedSchema extends ResolvedSchema {
  reviveArguments?: (args: Record<string, unknown>) => Record<string, unknown>;
  /** The input validator compiled ahead of time by `mcpkit schema` (checked then), used instead of compiling at start-up. */
  validator?: ArgumentValidator;
}

/**
 * Uses the schemas `mcpkit schema` generated from the method's TypeScript signature and JSDoc.
 * Arguments bind to parameters by name. A class whose generated module is loaded but does not
 * match the method any more (parameters renamed, added, removed, defaults changed) is an error.
 */
export const generatedSchemaSource: SchemaSource = {
  name: "generated",
  resolve(request) {
    const { handler, where } = request;
    if (handler.kind !== "tool") return undefined;
    const generated = generatedSchemaFor(request);
    if (!generated) return undefined;
    if (!generated.input) throw new StaleSchemaError(where, "it was generated for a method with an explicit input schema");
    checkSignature(generated, request.method, where);
    const answer: GeneratedResolvedSchema = {
      input: generated.input,
      // An explicit output schema on the decorator wins over the generated one.
      output: handler.outputSchema ? toJsonSchema(handler.outputSchema, where) : generated.output,
      binding: generated.binding === "object" ? { kind: "object" } : { kind: "positional", names: generated.parameters },
      description: generated.description,
      source: "generated",
    };
    if (generated.dates) answer.reviveArguments = createDateReviver(generated.dates);
    const validator = precompiledValidatorOf(generated);
    if (validator) answer.validator = validator;
    return answer;
  },
};

/**
 * Wraps the explicit source: a tool with an explicit input schema but no explicit output schema
 * still gets the output schema generated from its return type.
 */
export function withGeneratedOutput(source: SchemaSource): SchemaSource {
  return {
    name: source.name,
    resolve(request) {
      const answer = source.resolve(request);
      if (!answer || answer.output || request.handler.kind !== "tool") return answer;
      const owner = declaringClass(request.target, request.handler.methodName);
      const output = owner && loadedSchemasOf(owner)?.[request.handler.methodName]?.output;
      return output ? { ...answer, output } : answer;
    },
  };
}

/**
 * The generated schema of a tool, prompt or resource method; undefined when its class has no
 * generated module. Throws when the module exists but lacks the method (added since generation).
 */
export function generatedSchemaFor({ target, handler, where }: Pick<SchemaRequest, "target" | "handler" | "where">): GeneratedHandlerSchema | undefined {
  const owner = declaringClass(target, handler.methodName);
  const schemas = owner && loadedSchemasOf(owner);
  if (!schemas) return undefined;
  const generated = schemas[handler.methodName];
  if (!generated || generated.kind !== handler.kind) {
    throw new StaleSchemaError(where, `the generated module has no ${handler.kind} schema for this method (it was added or decorated since generation)`);
  }
  return generated;
}

/**
 * A prompt's description and arguments (with their JSDoc descriptions and whether each is
 * required) from its generated schema; undefined when its class has no generated module.
 * @example
 * const args = handler.arguments ?? generatedPromptDefinition(target, handler, method)?.arguments ?? fromParameterNames;
 */
export function generatedPromptDefinition(target: Function, handler: PromptMetadata, method: Function): { description?: string; arguments: PromptArgumentMetadata[] } | undefined {
  const where = `${target.name}.${handler.methodName}`;
  // The generator records nothing for a prompt without parameters or JSDoc, so its absence is not staleness.
  const owner = declaringClass(target, handler.methodName);
  if (parseParameters(method).length === 0 && !(owner && loadedSchemasOf(owner)?.[handler.methodName])) return undefined;
  const generated = generatedSchemaFor({ target: target as Constructor, handler, where });
  if (!generated?.input) return undefined;
  checkSignature(generated, method, where);
  const properties = (generated.input.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((generated.input.required ?? []) as string[]);
  const args = generated.parameters.map((name) => {
    const argument: PromptArgumentMetadata = { name, required: required.has(name) };
    const description = properties[name]?.description;
    if (typeof description === "string") argument.description = description;
    return argument;
  });
  return generated.description ? { description: generated.description, arguments: args } : { arguments: args };
}

/** The method's JSDoc description as `mcpkit schema` recorded it (resources and templates read it here). */
export function generatedDescription(target: Function, methodName: string): string | undefined {
  const owner = declaringClass(target, methodName);
  return owner && loadedSchemasOf(owner)?.[methodName]?.description;
}

/** The class in the prototype chain whose own prototype defines the method. */
function declaringClass(target: Function, methodName: string): Function | undefined {
  for (let c: unknown = target; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (Object.prototype.hasOwnProperty.call((c as Function).prototype ?? {}, methodName)) return c as Function;
  }
  return undefined;
}

/** Compares the generated parameter list with the method's source: names, order and defaults. */
function checkSignature(generated: GeneratedHandlerSchema, method: Function, where: string): void {
  const actual = parseParameters(method);
  const names = actual.map((p) => p.name ?? "(destructured)");
  if (generated.binding === "object") {
    if (actual.length !== 1 || actual[0]!.name !== null) throw new StaleSchemaError(where, `it was generated for one destructured parameter but the method takes (${names.join(", ")})`);
    return;
  }
  if (names.join(",") !== generated.parameters.join(",")) {
    throw new StaleSchemaError(where, `it was generated for parameters (${generated.parameters.join(", ")}) but the method takes (${names.join(", ")})`);
  }
  const properties = (generated.input?.properties ?? {}) as Record<string, JsonSchema>;
  const required = (generated.input?.required ?? []) as string[];
  for (const parameter of actual) {
    const name = parameter.name!;
    if (parameter.hasDefault && required.includes(name)) {
      throw new StaleSchemaError(where, `parameter "${name}" now has a default but the schema still requires it`);
    }
    const schemaDefault = properties[name]?.default;
    if (parameter.defaultValue !== undefined && JSON.stringify(schemaDefault) !== JSON.stringify(parameter.defaultValue)) {
      throw new StaleSchemaError(where, `parameter "${name}" defaults to ${JSON.stringify(parameter.defaultValue)} but the schema says ${schemaDefault === undefined ? "no default" : JSON.stringify(schemaDefault)}`);
    }
  }
}

/**
 * Wraps the reflection source so each method that falls back to it is reported (once per
 * process), since a reflected schema knows only names and primitive types.
 */
export function reportingFallback(source: SchemaSource, report: (where: string[]) => void): { source: SchemaSource; flush(): void } {
  const fallbacks: string[] = [];
  return {
    source: {
      name: source.name,
      resolve(request) {
        const answer = source.resolve(request);
        if (!answer) return answer;
        const seen = reported.get(request.target) ?? new Set<string>();
        reported.set(request.target, seen);
        if (!seen.has(request.handler.methodName)) fallbacks.push(request.where);
        seen.add(request.handler.methodName);
        return answer;
      },
    },
    flush() {
      if (fallbacks.length === 0) return;
      report(fallbacks.splice(0));
    },
  };
}

const reported = new WeakMap<object, Set<string>>();

/** The one-line warning for tools served with reflected schemas. */
export function reflectionFallbackWarning(where: string[]): string {
  const list = where.length > 4 ? `${where.slice(0, 4).join(", ")} and ${where.length - 4} more` : where.join(", ");
  return `mcpkit: ${list} ${where.length === 1 ? "has" : "have"} no generated schema and use${where.length === 1 ? "s" : ""} reflection (names and primitive types only; a parameter is optional only when it has a default, since \`name?: T\` leaves no trace at run time); for full schemas from types and JSDoc, run \`npx mcpkit schema\` (for classes declared at module level), or pass @Tool({ input }).`;
}
