import type { jsonSchemaValidator } from "@modelcontextprotocol/server";
import type { JsonSchema } from "../metadata/types.js";
import { compileArgumentValidator, type ArgumentValidator } from "../schema/argument-validator.js";

/** Compiled schemas by their JSON: an elicitation form is asked again with an equal but new object. */
const compiled = new Map<string, ArgumentValidator>();
const MAX_SCHEMAS = 256;

/** mcpkit's compiled validator of a JSON Schema, cached by the schema's text (bounded). */
export function validatorOf(schema: unknown): ArgumentValidator {
  const json = JSON.stringify(schema);
  let validate = compiled.get(json);
  if (!validate) {
    if (compiled.size >= MAX_SCHEMAS) compiled.delete(compiled.keys().next().value!);
    validate = compileArgumentValidator(schema as JsonSchema);
    compiled.set(json, validate);
  }
  return validate;
}

/**
 * The validator the SDK's servers check accepted elicitation answers with: mcpkit's one Ajv, shared
 * by every server, instead of one Ajv per SDK server (one per 2025 session or 2026-07-28 request).
 */
export const sharedSchemaValidator: jsonSchemaValidator = {
  getValidator<T>(schema: unknown) {
    const validate = validatorOf(schema);
    return (input: unknown) => {
      const problems = validate(input);
      return problems === null ? { valid: true, data: input as T, errorMessage: undefined } : { valid: false, data: undefined, errorMessage: problems.join("; ") };
    };
  },
};
