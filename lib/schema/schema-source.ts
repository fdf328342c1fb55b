import type { Constructor, HandlerMetadata, JsonSchema } from "../metadata/types.js";

/** What a schema source is asked about: one decorated method. */
export interface SchemaRequest {
  target: Constructor;
  handler: HandlerMetadata;
  method: Function;
  /** "Class.method", for messages. */
  where: string;
}

/** How a call's arguments object is handed to the method. */
export type ArgumentBinding =
  /** Each named property goes to the positional parameter of that name, in this order. */
  | { kind: "positional"; names: string[] }
  /** The whole arguments object is the method's one parameter. */
  | { kind: "object" };

/** A schema source's answer for one method. */
export interface ResolvedSchema {
  input: JsonSchema;
  output?: JsonSchema;
  binding: ArgumentBinding;
  /** A description found with the schema (e.g. from JSDoc); the decorator's own wins. */
  description?: string;
  /** Which source answered, e.g. "explicit", "generated", "reflection". */
  source: string;
}

/**
 * One step of schema resolution. Sources are asked in order and the first answer wins, so an
 * explicit schema beats a generated one, which beats reflection.
 */
export interface SchemaSource {
  readonly name: string;
  resolve(request: SchemaRequest): ResolvedSchema | undefined;
}

/** Asks each source in turn. */
export function resolveSchema(sources: readonly SchemaSource[], request: SchemaRequest): ResolvedSchema | undefined {
  for (const source of sources) {
    const answer = source.resolve(request);
    if (answer) return answer;
  }
  return undefined;
}
