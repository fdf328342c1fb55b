import type ts from "ts6";
import { compiler } from "./compiler-api.js";
import type { JsonSchema } from "../../metadata/types.js";
import { annotationsOf, applyAnnotations } from "./annotations.js";
import { WrittenOrder } from "./written-order.js";

/** A type that has no JSON Schema form; the message says why, the caller says where. */
export class UnsupportedTypeError extends Error {}

// Guards against generics that grow with every level (`Node<T> { next: Node<T[]> }`).
const MAX_DEPTH = 64;
const MAX_DEFS = 500;
const ALLOWED_LIBRARY_TYPES = new Set(["Date", "Array", "ReadonlyArray"]);

/**
 * Turns checker types into one JSON Schema 2020-12 document. Named types (interfaces, classes,
 * enums, type aliases) become `$defs` entries, which is what stops recursive types; `finish`
 * inlines those used only once, so shared and recursive types stay under `$defs`.
 */
export class TypeSchemaBuilder {
  private readonly defs = new Map<string, JsonSchema>();
  private readonly defNames = new Map<ts.Type, string>();
  private depth = 0;
  private readonly written: WrittenOrder;

  constructor(private readonly checker: ts.TypeChecker, private readonly program: ts.Program) {
    this.written = new WrittenOrder(checker);
  }

  /** True when `type` is or includes `undefined`/`void`: the value may be left out. */
  static includesUndefined(type: ts.Type): boolean {
    const members = type.isUnion() ? type.types : [type];
    return members.some((t) => (t.flags & (compiler.TypeFlags.Undefined | compiler.TypeFlags.Void)) !== 0);
  }

  /**
   * The schema of `type`; `undefined` members are dropped (JSON has no undefined). `writtenAs` is the
   * type annotation it came from, if any: its unions keep the order they were written in.
   */
  schemaOf(type: ts.Type, writtenAs?: ts.Node): JsonSchema {
    if (writtenAs) this.written.note(writtenAs);
    if (++this.depth > MAX_DEPTH) throw new UnsupportedTypeError(`the type nests more than ${MAX_DEPTH} levels deep (a generic that grows at every level?)`);
    try {
      return this.convert(type);
    } finally {
      this.depth--;
    }
  }

  /** Adds the `$defs` still referenced, after inlining the ones used once. */
  finish(root: JsonSchema): JsonSchema {
    const defs = new Map(this.defs);
    for (const name of [...defs.keys()].sort()) {
      if (countRefs(name, root, defs) === 1 && !isRecursive(name, defs)) {
        const def = defs.get(name)!;
        defs.delete(name);
        root = replaceRef(root, name, def);
        for (const [other, schema] of defs) defs.set(other, replaceRef(schema, name, def));
      }
    }
    // A root that is only a reference is spelled out, so its `type` is visible at the top.
    if (typeof root.$ref === "string") {
      const { $ref, ...siblings } = root;
      root = { ...defs.get(refName($ref))!, ...siblings };
    }
    if (defs.size === 0) return root;
    const sorted: JsonSchema = {};
    for (const name of [...defs.keys()].sort()) sorted[name] = defs.get(name);
    return { ...root, $defs: sorted };
  }

  private convert(type: ts.Type): JsonSchema {
    const f = type.flags;
    if (f & (compiler.TypeFlags.Any | compiler.TypeFlags.Unknown)) return {};
    if (f & compiler.TypeFlags.Never) throw new UnsupportedTypeError("`never` has no values");
    if (f & (compiler.TypeFlags.Undefined | compiler.TypeFlags.Void)) throw new UnsupportedTypeError("`undefined` has no JSON form (make the value optional instead)");
    if (f & compiler.TypeFlags.Null) return { type: "null" };
    if (f & compiler.TypeFlags.BigIntLike) throw new UnsupportedTypeError("`bigint` has no JSON form (use number, or a string of digits)");
    if (f & compiler.TypeFlags.ESSymbolLike) throw new UnsupportedTypeError("a symbol has no JSON form");
    if (f & compiler.TypeFlags.TypeParameter) throw new UnsupportedTypeError(`the type parameter ${this.checker.typeToString(type)} is not instantiated (use a concrete type)`);
    if (f & compiler.TypeFlags.Boolean) return { type: "boolean" };
    if (f & compiler.TypeFlags.EnumLiteral && !type.isUnion()) return literalSchema([type]);
    if (f & compiler.TypeFlags.Literal) return literalSchema([type]);
    if (f & compiler.TypeFlags.String) return { type: "string" };
    if (f & compiler.TypeFlags.TemplateLiteral) return { type: "string" };
    if (f & compiler.TypeFlags.Number) return { type: "number" };
    if (type.isUnion()) return this.named(type, () => this.union(type));
    // A branded primitive (`string & { __brand: "UserId" }`) is its primitive on the wire.
    if (type.isIntersection()) {
      const primitive = type.types.find((t) => t.flags & (compiler.TypeFlags.StringLike | compiler.TypeFlags.NumberLike | compiler.TypeFlags.BooleanLike));
      if (primitive) return this.named(type, () => this.schemaOf(primitive));
    }
    if (f & (compiler.TypeFlags.Object | compiler.TypeFlags.Intersection)) return this.object(type);
    throw new UnsupportedTypeError(`the type ${this.checker.typeToString(type)} cannot be expressed as JSON Schema`);
  }

  private union(type: ts.UnionType): JsonSchema {
    const members = this.written.order(type).filter((t) => !(t.flags & (compiler.TypeFlags.Undefined | compiler.TypeFlags.Void)));
    const hasNull = members.some((t) => t.flags & compiler.TypeFlags.Null);
    const values = members.filter((t) => !(t.flags & compiler.TypeFlags.Null));
    if (values.length === 0) return { type: "null" };
    if (values.every((t) => t.flags & compiler.TypeFlags.Literal) && !isBooleanOnly(values)) {
      return literalSchema(hasNull ? [...values, ...members.filter((t) => t.flags & compiler.TypeFlags.Null)] : values);
    }
    const parts: JsonSchema[] = [];
    const booleans = values.filter((t) => t.flags & compiler.TypeFlags.BooleanLiteral);
    if (booleans.length === 2) parts.push({ type: "boolean" });
    for (const member of values) {
      if (booleans.length === 2 && member.flags & compiler.TypeFlags.BooleanLiteral) continue;
      parts.push(this.schemaOf(member));
    }
    if (hasNull) {
      const only = parts.length === 1 ? parts[0]! : undefined;
      const keys = only ? Object.keys(only) : [];
      if (only && typeof only.type === "string" && keys.every((k) => k === "type" || k === "format")) return { ...only, type: [only.type, "null"] };
      parts.push({ type: "null" });
    }
    return parts.length === 1 ? parts[0]! : { anyOf: parts };
  }

  private object(type: ts.Type): JsonSchema {
    const symbol = type.getSymbol();
    const name = symbol?.getName();
    if (symbol && this.isLibrary(symbol)) {
      if (name === "Date") return { type: "string", format: "date-time" };
      if (!ALLOWED_LIBRARY_TYPES.has(name!) && name !== "__type" && name !== "__object") {
        throw new UnsupportedTypeError(`the built-in type ${this.checker.typeToString(type)} has no JSON form`);
      }
    }
    if (this.checker.isTupleType(type)) return this.tuple(type as ts.TupleTypeReference);
    if (this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: "array", items: this.schemaOf(element!) };
    }
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      throw new UnsupportedTypeError(`the function type ${this.checker.typeToString(type)} has no JSON form`);
    }
    return this.named(type, () => this.shape(type));
  }

  private tuple(type: ts.TupleTypeReference): JsonSchema {
    const elements = this.checker.getTypeArguments(type);
    const flags = type.target.elementFlags;
    const prefixItems: JsonSchema[] = [];
    let minItems = 0;
    let rest: JsonSchema | undefined;
    elements.forEach((element, i) => {
      const flag = flags[i]!;
      if (flag & compiler.ElementFlags.Variable) {
        rest = this.schemaOf(flag & compiler.ElementFlags.Variadic ? this.checker.getIndexTypeOfType(element, compiler.IndexKind.Number) ?? element : element);
        return;
      }
      prefixItems.push(this.schemaOf(element));
      if (flag & compiler.ElementFlags.Required) minItems = prefixItems.length;
    });
    const schema: JsonSchema = { type: "array", prefixItems, minItems };
    if (rest) schema.items = rest;
    else Object.assign(schema, { items: false, maxItems: prefixItems.length });
    return schema;
  }

  /** An object's data properties (methods are behaviour, not data) and its index signature. */
  private shape(type: ts.Type): JsonSchema {
    const properties: JsonSchema = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const name = property.getName();
      if (property.flags & (compiler.SymbolFlags.Method | compiler.SymbolFlags.Prototype) || name.startsWith("__@") || name.startsWith("#")) continue;
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration && compiler.getCombinedModifierFlags(declaration as ts.Declaration) & (compiler.ModifierFlags.Private | compiler.ModifierFlags.Protected)) continue;
      const propertyType = this.checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      try {
        const annotation = declaration && (declaration as ts.Node & { type?: ts.TypeNode }).type;
        const schema = applyAnnotations(this.schemaOf(propertyType, annotation), annotationsOf(declaration, this.checker, property));
        properties[name] = schema;
      } catch (error) {
        if (error instanceof UnsupportedTypeError && !error.message.startsWith("property ")) {
          throw new UnsupportedTypeError(`property "${name}" of ${this.checker.typeToString(type)}: ${error.message}`);
        }
        throw error;
      }
      if (!(property.flags & compiler.SymbolFlags.Optional) && !TypeSchemaBuilder.includesUndefined(propertyType)) required.push(name);
    }
    const schema: JsonSchema = { type: "object" };
    if (Object.keys(properties).length > 0) schema.properties = properties;
    if (required.length > 0) schema.required = required;
    const index = this.checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & (compiler.TypeFlags.String | compiler.TypeFlags.Number | compiler.TypeFlags.TemplateLiteral));
    if (index) schema.additionalProperties = this.schemaOf(index.type);
    return schema;
  }

  /** Named types live under `$defs` (and are referenced), which also ends recursion. */
  private named(type: ts.Type, build: () => JsonSchema): JsonSchema {
    const display = this.nameOf(type);
    if (!display) return build();
    const known = this.defNames.get(type);
    if (known) return { $ref: `#/$defs/${known}` };
    if (this.defs.size >= MAX_DEFS) throw new UnsupportedTypeError(`the type needs more than ${MAX_DEFS} named definitions (a generic that grows at every level?)`);
    let name = display;
    for (let n = 2; this.defs.has(name); n++) name = `${display}_${n}`;
    this.defNames.set(type, name);
    this.defs.set(name, {});
    const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
    const schema = applyAnnotations(build(), annotationsOf(declaration, this.checker, type.aliasSymbol ?? type.getSymbol()));
    this.defs.set(name, schema);
    return { $ref: `#/$defs/${name}` };
  }

  /** A `$defs` key for a type declared in the project: `Page<User>` becomes `Page_User`. */
  private nameOf(type: ts.Type): string | undefined {
    const alias = type.aliasSymbol;
    const symbol = alias ?? type.getSymbol();
    if (!symbol || this.isLibrary(symbol)) return undefined;
    const named = alias || symbol.flags & (compiler.SymbolFlags.Interface | compiler.SymbolFlags.Class | compiler.SymbolFlags.Enum);
    if (!named) return undefined;
    const text = alias ? this.checker.typeToString(type, undefined, compiler.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope) : this.checker.typeToString(type);
    return text.replace(/\s+/g, "").replace(/[^A-Za-z0-9_$.]+/g, "_").replace(/_+$/, "");
  }

  private isLibrary(symbol: ts.Symbol): boolean {
    const file = symbol.declarations?.[0]?.getSourceFile();
    if (!file) return false;
    return this.program.isSourceFileDefaultLibrary(file) || /[\\/]node_modules[\\/]@types[\\/]node[\\/]/.test(file.fileName);
  }
}

function isBooleanOnly(types: ts.Type[]): boolean {
  return types.length === 2 && types.every((t) => t.flags & compiler.TypeFlags.BooleanLiteral);
}

/** `"a" | "b"` as an enum; one literal as a const. */
function literalSchema(types: ts.Type[]): JsonSchema {
  const values = types.map(literalValue);
  const kinds = [...new Set(values.map((v) => (v === null ? "null" : typeof v)))];
  const schema: JsonSchema = { type: kinds.length === 1 ? kinds[0] : kinds };
  if (values.length === 1) schema.const = values[0];
  else schema.enum = values;
  return schema;
}

function literalValue(type: ts.Type): unknown {
  if (type.flags & compiler.TypeFlags.Null) return null;
  if (type.flags & compiler.TypeFlags.BooleanLiteral) return (type as unknown as { intrinsicName: string }).intrinsicName === "true";
  if (type.isLiteral()) {
    if (typeof type.value === "object") throw new UnsupportedTypeError("a bigint literal has no JSON form");
    return type.value;
  }
  throw new UnsupportedTypeError("not a literal");
}

function refName(ref: string): string {
  return ref.slice("#/$defs/".length);
}

function countRefs(name: string, root: JsonSchema, defs: Map<string, JsonSchema>): number {
  const ref = `#/$defs/${name}`;
  let count = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && value === ref) count++;
        else visit(value);
      }
    }
  };
  visit(root);
  for (const schema of defs.values()) visit(schema);
  return count;
}

function refsOf(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, into));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.add(refName(value));
      else refsOf(value, into);
    }
  }
  return into;
}

function isRecursive(name: string, defs: Map<string, JsonSchema>): boolean {
  const seen = new Set<string>();
  const stack = [...refsOf(defs.get(name), new Set())];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === name) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...refsOf(defs.get(next), new Set()));
  }
  return false;
}

function replaceRef(node: JsonSchema, name: string, def: JsonSchema): JsonSchema {
  const ref = `#/$defs/${name}`;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!value || typeof value !== "object") return value;
    const object = value as JsonSchema;
    if (object.$ref === ref) {
      const { $ref: _ref, ...siblings } = object;
      return { ...def, ...siblings };
    }
    const copy: JsonSchema = {};
    for (const [key, inner] of Object.entries(object)) copy[key] = visit(inner);
    return copy;
  };
  return visit(node) as JsonSchema;
}
