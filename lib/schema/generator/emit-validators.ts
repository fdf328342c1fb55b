import type { _ as CodeTag } from "ajv/dist/compile/codegen/index.js";
import { createAjv } from "../argument-validator.js";
import { requireCommonJs } from "../../runtime/commonjs.js";
import type { GeneratedClass } from "./emit-module.js";

/** The name of the generated module's export that builds the precompiled validators. */
export const VALIDATORS_EXPORT = "validators";

/**
 * The tools' argument validators as Ajv standalone code, for the generated module: the server then
 * neither loads nor runs Ajv's compiler at start-up for them. The code is wrapped in a function that
 * receives `require` from mcpkit, so the few Ajv runtime helpers it names (string length, formats,
 * deep equality) resolve from mcpkit's own dependencies and the module still imports nothing.
 * Keyed "Class.method"; undefined when no tool has an input schema. A schema Ajv cannot compile is
 * left out, so the server compiles it at start-up and fails there with the usual SchemaError.
 */
export function emitValidators(classes: GeneratedClass[]): string | undefined {
  const { _ }: { _: typeof CodeTag } = requireCommonJs("ajv/dist/compile/codegen/index.js");
  const standalone: { default: (ajv: ReturnType<typeof createAjv>, refs: Record<string, string>) => string } = requireCommonJs("ajv/dist/standalone/index.js");
  // A fresh instance per module: the generated names (validate10, ...) depend only on this module's schemas.
  const ajv = createAjv({ source: true, lines: true, formats: _`require("ajv-formats/dist/formats").fullFormats` });
  const keys: Record<string, string> = {};
  for (const { className, handlers } of classes) {
    for (const [method, handler] of Object.entries(handlers)) {
      if (handler.kind !== "tool" || !handler.input) continue;
      const key = `${className}.${method}`;
      try {
        ajv.addSchema(handler.input, key);
        ajv.getSchema(key);
        keys[key] = key;
      } catch {
        ajv.removeSchema(key);
      }
    }
  }
  if (Object.keys(keys).length === 0) return undefined;
  const code: string = standalone.default(ajv, keys).replace(/^"use strict";\n?/, "");
  return [
    "// Argument validators compiled ahead of time by Ajv (standalone code) from the input schemas above.",
    `export function ${VALIDATORS_EXPORT}(require) {`,
    "  const exports = {};",
    ...code.split("\n").map((line) => (line ? `  ${line}` : line)),
    "  return exports;",
    "}",
  ].join("\n");
}
