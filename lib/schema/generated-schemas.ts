import type { Constructor, JsonSchema } from "../metadata/types.js";
import type { DateRevival } from "./generated-dates.js";

/** What `mcpkit schema` generated for one decorated method. */
export interface GeneratedHandlerSchema {
  kind: "tool" | "prompt" | "resource";
  /** Parameter names in order, as they were when the schema was generated. */
  parameters: string[];
  /** The method's JSDoc; the decorator's own description wins. */
  description?: string;
  /** Absent when the decorator gives an explicit input schema. */
  input?: JsonSchema;
  output?: JsonSchema;
  /** Where `Date` parameters (or Date properties inside them) are. */
  dates?: DateRevival;
  /** "object": the method's one destructured parameter receives the whole arguments object. */
  binding?: "object";
}

/** The default export of a generated `x.schema.ts`: the schemas of the classes declared in `x.ts`, by class name. */
export interface GeneratedSchemaModule {
  /** Changes when the shape of generated modules does. */
  format: 1;
  classes: Record<string, Record<string, GeneratedHandlerSchema>>;
  /** Each class's constructor parameter classes by name (null: not a class), for runners that emit no decorator metadata. */
  constructors?: Record<string, (string | null)[]>;
}

const byClass = new Map<Function, Record<string, GeneratedHandlerSchema>>();
const byModule = new Map<string, GeneratedSchemaModule["classes"]>();
const constructorsByModule = new Map<string, NonNullable<GeneratedSchemaModule["constructors"]>>();

/**
 * Registers a class's schemas by hand, for setups where the generated module cannot be found
 * beside the class (a bundle): `registerGeneratedSchemas(Tools, generated.classes.Tools)`.
 */
export function registerGeneratedSchemas<T>(target: Constructor<T>, schemas: { [K in keyof T & string]?: GeneratedHandlerSchema }): void {
  byClass.set(target, schemas as Record<string, GeneratedHandlerSchema>);
}

/** Records a loaded generated module as the one of the class module at `moduleUrl`. */
export function registerGeneratedModule(moduleUrl: string, module: GeneratedSchemaModule): void {
  byModule.set(moduleUrl, module.classes);
  if (module.constructors) constructorsByModule.set(moduleUrl, module.constructors);
}

/** The constructor parameter classes (by name) a generated module records for a class, if any. */
export function generatedConstructorTypesOf(target: Function, declaredIn: readonly string[]): readonly (string | null)[] | undefined {
  for (const url of declaredIn) {
    const found = constructorsByModule.get(url)?.[target.name];
    if (found) return found;
  }
  return undefined;
}

/**
 * The generated schemas of a class (not of its base classes): registered by hand, or found in
 * the generated module of one of the modules it may be declared in. An empty record when its
 * module has a generated module that does not mention the class (tools added since generation).
 */
export function generatedSchemasOf(target: Function, declaredIn: readonly string[] = []): Readonly<Record<string, GeneratedHandlerSchema>> | undefined {
  const own = byClass.get(target);
  if (own) return own;
  for (const url of declaredIn) {
    const found = byModule.get(url)?.[target.name];
    if (found) return found;
  }
  return declaredIn.length > 0 && byModule.has(declaredIn[0]!) ? {} : undefined;
}
