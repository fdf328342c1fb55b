import { SchemaError } from "../errors/schema-error.js";
import type { JsonSchema } from "../metadata/types.js";
import { parseParameters } from "./parameter-names.js";
import type { SchemaSource } from "./schema-source.js";

/** JSON Schema for the runtime types TypeScript records in `design:paramtypes`. */
function schemaForDesignType(type: unknown): JsonSchema {
  switch (type) {
    case String: return { type: "string" };
    case Number: return { type: "number" };
    case Boolean: return { type: "boolean" };
    case Array: return { type: "array" };
    case Date: return { type: "string", format: "date-time" };
    // Interfaces, unions and `any` all erase to Object: accept any JSON value.
    case Object: case undefined: return {};
    default: return { type: "object" };
  }
}

/**
 * The fallback: parameter names from the method's source and primitive types from
 * `design:paramtypes`. Optional parameters are only known when they have a default.
 */
export const reflectionSchemaSource: SchemaSource = {
  name: "reflection",
  resolve({ target, handler, method, where }) {
    const params = parseParameters(method);
    const types: unknown[] = Reflect.getMetadata?.("design:paramtypes", target.prototype, handler.methodName) ?? [];
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const names: string[] = [];
    params.forEach((param, index) => {
      if (!param.name) {
        throw new SchemaError(where, `parameter ${index + 1} is destructured or a rest parameter, so it has no name to map an argument to`, "give it a plain name, or pass an explicit schema: @Tool({ input: z.object({ ... }) }) and take the arguments object as the one parameter");
      }
      const schema = schemaForDesignType(types[index]);
      if (param.defaultValue !== undefined) {
        // An inferred parameter type (`limit = 10`) is recorded as Object; the literal default says more.
        if (schema.type === undefined && ["string", "number", "boolean"].includes(typeof param.defaultValue)) schema.type = typeof param.defaultValue;
        schema.default = param.defaultValue;
      }
      properties[param.name] = schema;
      names.push(param.name);
      if (!param.hasDefault) required.push(param.name);
    });
    const input: JsonSchema = { type: "object", properties, additionalProperties: false };
    if (required.length > 0) input.required = required;
    return { input, binding: { kind: "positional", names }, source: "reflection" };
  },
};
