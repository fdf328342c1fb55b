import type ts from "ts6";
import { compiler } from "./compiler-api.js";
import type { JsonSchema } from "../../metadata/types.js";

/** What a JSDoc comment says about one value: its description and schema keywords. */
export interface DocAnnotations {
  description?: string;
  keywords: JsonSchema;
  /** Set by `@integer` (or `@type integer`): the number must be whole. */
  integer?: boolean;
}

const NUMERIC = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"]);
const TEXT = new Set(["pattern", "format", "title"]);

/** Thrown for a constraint tag whose value cannot be read; the caller adds where it was. */
export class BadTagError extends Error {
  /** The parameter whose tag it was, when known. */
  parameter?: string;
}

export function emptyAnnotations(): DocAnnotations {
  return { keywords: {} };
}

/** Applies one JSDoc tag (`@minimum 1`, `@default 20`, ...) to `into`; returns false for tags that are not ours. */
export function applyTag(into: DocAnnotations, name: string, rawText: string | undefined): boolean {
  const text = (rawText ?? "").trim();
  if (NUMERIC.has(name)) {
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) throw new BadTagError(`@${name} needs a number, got ${JSON.stringify(text)}`);
    into.keywords[name] = value;
  } else if (TEXT.has(name)) {
    if (text === "") throw new BadTagError(`@${name} needs a value`);
    if (name === "pattern") checkPattern(text);
    into.keywords[name] = text;
  } else if (name === "default") {
    into.keywords.default = parseValue(text);
  } else if (name === "example") {
    ((into.keywords.examples ??= []) as unknown[]).push(parseValue(text));
  } else if (name === "integer" || (name === "type" && text === "integer")) {
    into.integer = true;
  } else if (name === "uniqueItems") {
    into.keywords.uniqueItems = text !== "false";
  } else if (name === "deprecated") {
    into.keywords.deprecated = true;
  } else {
    return false;
  }
  return true;
}

/** The annotations of a declaration that has its own JSDoc (a property, an interface, an alias). */
export function annotationsOf(node: ts.Node | undefined, checker: ts.TypeChecker, symbol?: ts.Symbol): DocAnnotations {
  const result = emptyAnnotations();
  if (symbol) {
    const text = compiler.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    if (text) result.description = text;
  }
  if (node) for (const tag of compiler.getJSDocTags(node)) applyTag(result, tag.tagName.text, compiler.getTextOfJSDocComment(tag.comment));
  return result;
}

/** The method's own tags and each parameter's, reading constraint tags that follow `@param x` as x's. */
export function methodAnnotations(method: ts.MethodDeclaration, checker: ts.TypeChecker, symbol: ts.Symbol | undefined): { method: DocAnnotations; params: Map<string, DocAnnotations>; returns?: string } {
  const own = emptyAnnotations();
  let returns: string | undefined;
  const params = new Map<string, DocAnnotations>();
  if (symbol) {
    const text = compiler.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    if (text) own.description = text;
  }
  let current: DocAnnotations | undefined;
  for (const tag of compiler.getJSDocTags(method)) {
    const comment = compiler.getTextOfJSDocComment(tag.comment)?.trim();
    if (compiler.isJSDocParameterTag(tag)) {
      const name = tag.name.getText();
      current = params.get(name) ?? emptyAnnotations();
      params.set(name, current);
      // A hyphen after the name is JSDoc style ("@param x - the x"); it is not part of the text.
      const description = comment?.replace(/^-\s*/, "");
      if (description) current.description = description;
    } else if (compiler.isJSDocReturnTag(tag)) {
      current = undefined;
      if (comment) returns = comment;
    } else {
      try {
        applyTag(current ?? own, tag.tagName.text, comment);
      } catch (error) {
        if (error instanceof BadTagError) error.parameter = [...params].find(([, v]) => v === current)?.[0];
        throw error;
      }
    }
  }
  return { method: own, params, returns };
}

/** `@default 20` and `@example {"a":1}` hold JSON; anything else is taken as a string. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function checkPattern(text: string): void {
  try {
    new RegExp(text, "u");
  } catch (error) {
    throw new BadTagError(`@pattern ${JSON.stringify(text)} is not a valid regular expression (${(error as Error).message})`);
  }
}

// Keywords about the value itself; on an array they are meant for its items (`@minimum` on `number[]`).
const ITEM_KEYWORDS = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format"]);

/** Adds what the JSDoc says to a type's schema: description, constraints, `@integer`. */
export function applyAnnotations(schema: JsonSchema, doc: DocAnnotations): JsonSchema {
  if (!doc.description && !doc.integer && Object.keys(doc.keywords).length === 0) return schema;
  let result: JsonSchema = doc.integer ? toInteger(schema) : { ...schema };
  const items = result.type === "array" && result.items && typeof result.items === "object" ? { ...(result.items as JsonSchema) } : undefined;
  for (const [key, value] of Object.entries(doc.keywords)) {
    if (items && ITEM_KEYWORDS.has(key)) items[key] = value;
    else result[key] = value;
  }
  if (items) result.items = items;
  if (doc.description) result = { ...result, description: doc.description };
  return result;
}

function toInteger(schema: JsonSchema): JsonSchema {
  if (schema.type === "number") return { ...schema, type: "integer" };
  if (Array.isArray(schema.type) && schema.type.includes("number")) return { ...schema, type: schema.type.map((t) => (t === "number" ? "integer" : t)) };
  if (schema.type === "array" && schema.items && typeof schema.items === "object") return { ...schema, items: toInteger(schema.items as JsonSchema) };
  throw new BadTagError("@integer applies only to numbers (or arrays of numbers)");
}
