import { createRequire } from "node:module";
import { SchemaError } from "../errors/schema-error.js";
import type { JsonSchema, SchemaInput } from "../metadata/types.js";
import type { SchemaSource } from "./schema-source.js";

/** Turns a decorator's explicit schema (JSON Schema or zod) into JSON Schema. */
export function toJsonSchema(schema: SchemaInput, where: string): JsonSchema {
  const standard = (schema as { "~standard"?: { jsonSchema?: { input?: (options: { target: string }) => unknown } } })["~standard"];
  if (typeof standard?.jsonSchema?.input !== "function" && typeof (schema as { safeParse?: unknown }).safeParse !== "function") return schema as JsonSchema;
  try {
    // A zod 4.2+ schema converts itself (Standard JSON Schema), with the user's own zod: zod is not loaded at start-up for it.
    const converted = standard?.jsonSchema?.input ? standard.jsonSchema.input({ target: "draft-2020-12" }) : olderZodToJsonSchema(schema);
    const { $schema: _ignored, ...rest } = converted as JsonSchema;
    return rest;
  } catch (cause) {
    throw new SchemaError(where, "the zod schema could not be converted to JSON Schema", "pass a zod object schema or a plain JSON Schema", { cause });
  }
}

/** A schema of a zod without Standard JSON Schema, converted by the zod mcpkit depends on (loaded only then). */
function olderZodToJsonSchema(schema: SchemaInput): unknown {
  const { toJSONSchema } = createRequire(import.meta.url)("zod/v4") as typeof import("zod/v4");
  return toJSONSchema(schema as never, { target: "draft-2020-12", io: "input" });
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
