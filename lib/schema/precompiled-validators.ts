import { requireCommonJs } from "../runtime/commonjs.js";
import { argumentValidatorOf, type AjvValidate, type ArgumentValidator } from "./argument-validator.js";
import type { GeneratedHandlerSchema, GeneratedSchemaModule } from "./generated-schemas.js";

// The validators a generated module carries as standalone code, by the handler schema they were compiled from.
const precompiled = new WeakMap<GeneratedHandlerSchema, ArgumentValidator>();

/**
 * Records the validators of a loaded generated module (its `validators(require)` export, keyed
 * "Class.method"). Modules generated before it existed have none: their schemas compile at start-up.
 */
export function registerPrecompiledValidators(module: GeneratedSchemaModule, build: unknown): void {
  if (typeof build !== "function") return;
  const validators = (build as (require: NodeJS.Require) => Record<string, AjvValidate>)(requireCommonJs);
  for (const [key, validate] of Object.entries(validators)) {
    const dot = key.indexOf(".");
    const handler = module.classes[key.slice(0, dot)]?.[key.slice(dot + 1)];
    if (handler && typeof validate === "function") precompiled.set(handler, argumentValidatorOf(validate));
  }
}

/** The validator compiled ahead of time from this very schema, if its module carries one. */
export function precompiledValidatorOf(handler: GeneratedHandlerSchema): ArgumentValidator | undefined {
  return precompiled.get(handler);
}
