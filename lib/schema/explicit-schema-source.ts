import { toJSONSchema } from "zod/v4";
import { SchemaError } from "../errors/schema-error.js";
import type { JsonSchema, SchemaInput } from "../metadata/types.js";
import type { SchemaSource } from "./schema-source.js";

/** Turns a decorator's explicit schema (JSON Schema or zod) into JSON Schema. */
export function toJsonSchema(schema: SchemaInput, where: string): JsonSchema {
  if (typeof (schema as { safeParse?: unknown }).safeParse !== "function") return schema as JsonSchema;
  try {
    const { $schema: _ignored, ...rest } = toJSONSchema(schema as never, { target: "draft-2020-12", io: "input" }) as JsonSchema;
    return rest;
  } catch (cause) {
    throw new SchemaError(where, "the zod schema could not be converted to JSON Schema", "pass a zod object schema or a plain JSON Schema", { cause });
  }
}

/** Uses `@Tool({ input, output })` when given; the method then receives the arguments object. */
export const explicitSchemaSource: SchemaSource = {
  name: "explicit",
  resolve({ handler, where }) {
    if (handler.kind !== "tool" || !handler.inputSchema) return undefined;
    const input = toJsonSchema(handler.inputSchema, where);
    if (input.type !== "object") {
      throw new SchemaError(where, `the input schema has type ${JSON.stringify(input.type)}`, 'MCP tool inputs are objects: use { type: "object", properties: { ... } } or z.object({ ... })');
    }
    return {
      input,
      output: handler.outputSchema ? toJsonSchema(handler.outputSchema, where) : undefined,
      binding: { kind: "object" },
      source: "explicit",
    };
  },
};
