import type { Ajv2020 as Ajv2020Type, CodeOptions, ErrorObject } from "ajv/dist/2020.js";
import type formatsPluginType from "ajv-formats";
import { requireCommonJs } from "../runtime/commonjs.js";
import type { JsonSchema } from "../metadata/types.js";

/** A validator compiled once; returns the problems found, or null when the value is valid. */
export type ArgumentValidator = (value: unknown) => string[] | null;

/** A compiled Ajv validate function: true when valid, with the problems in `errors` otherwise. */
export interface AjvValidate {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

let shared: Ajv2020Type | undefined;

/**
 * An Ajv configured as mcpkit validates arguments; `code` as the generator compiles them to standalone
 * code. Ajv is required here, not at import: a server whose validators were all generated never loads it.
 */
export function createAjv(code?: CodeOptions): Ajv2020Type {
  const { Ajv2020 }: { Ajv2020: typeof Ajv2020Type } = requireCommonJs("ajv/dist/2020.js");
  const formatsPlugin: typeof formatsPluginType = requireCommonJs("ajv-formats");
  // ajv-formats is CommonJS; under ESM its default export may be wrapped once more.
  const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (ajv: Ajv2020Type) => void;
  // No meta-schemas (validateSchema, meta): compiling and loading them cost ~30 ms of cold start;
  // schemas come from our generator or reflection, and Ajv still rejects unknown types while compiling.
  const instance = new Ajv2020({ allErrors: true, strict: false, useDefaults: true, validateFormats: true, validateSchema: false, meta: false, ...(code && { code }) });
  addFormats(instance);
  return instance;
}

/** Compiles `schema` with the process's one Ajv (compiling is the cost, paid once per schema); the returned function also fills in defaults, in place. */
export function compileArgumentValidator(schema: JsonSchema): ArgumentValidator {
  shared ??= createAjv();
  return argumentValidatorOf(shared.compile(schema));
}

/** An Ajv validate function (compiled now, or ahead of time as standalone code) as an ArgumentValidator. */
export function argumentValidatorOf(validate: AjvValidate): ArgumentValidator {
  return (value) => (validate(value) ? null : describeErrors(validate.errors ?? []));
}

/** Ajv's errors, rephrased to name the argument path the way a caller wrote it. */
export function describeErrors(errors: ErrorObject[]): string[] {
  return errors.map((error) => {
    const path = error.instancePath.slice(1).replace(/\//g, ".");
    const at = path ? `argument "${path}"` : "arguments";
    switch (error.keyword) {
      case "required":
        return `missing required argument "${joinPath(path, error.params.missingProperty)}"`;
      case "additionalProperties":
        return `unknown argument "${joinPath(path, error.params.additionalProperty)}"`;
      case "type":
        return `${at} must be ${error.params.type}`;
      case "enum":
        return `${at} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
      default:
        return `${at} ${error.message ?? "is invalid"}`;
    }
  });
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
