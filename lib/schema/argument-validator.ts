import type { Ajv2020 as Ajv2020Type, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type formatsPluginType from "ajv-formats";
import { requireCommonJs } from "../runtime/commonjs.js";

const { Ajv2020 }: { Ajv2020: typeof Ajv2020Type } = requireCommonJs("ajv/dist/2020.js");
const formatsPlugin: typeof formatsPluginType = requireCommonJs("ajv-formats");
import type { JsonSchema } from "../metadata/types.js";

// ajv-formats is CommonJS; under ESM its default export may be wrapped once more.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (ajv: Ajv2020Type) => void;

/** A validator compiled once; returns the problems found, or null when the value is valid. */
export type ArgumentValidator = (value: unknown) => string[] | null;

let shared: Ajv2020Type | undefined;

/** One Ajv instance for the process: compiling is the cost, and it is paid once per schema. */
function ajv(): Ajv2020Type {
  shared ??= (() => {
    // No meta-schemas (validateSchema, meta): compiling and loading them cost ~30 ms of cold start;
    // schemas come from our generator or reflection, and Ajv still rejects unknown types while compiling.
    const instance = new Ajv2020({ allErrors: true, strict: false, useDefaults: true, validateFormats: true, validateSchema: false, meta: false });
    addFormats(instance);
    return instance;
  })();
  return shared;
}

/** Compiles `schema`; the returned function also fills in defaults, in place. */
export function compileArgumentValidator(schema: JsonSchema): ArgumentValidator {
  const validate: ValidateFunction = ajv().compile(schema);
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
