import type { Random } from "./random.js";

/** The subset of JSON Schema the generators read from a tool's `inputSchema`. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

/** Strings that look like numbers, or like nothing, to a careless parser. */
export const NUMBER_LIKE_STRINGS = ["NaN", "-NaN", "Infinity", "-Infinity", "1e309", "-1e309", "0x10", "0b11", "1_000", " 7 ", "7abc", "", "-0", "+1", "1.", ".5", "00012", "null", "undefined", "true", "[]", "{}"];

/** Numbers at the edges: negative, zero, fractional, unsafe, tiny, huge. */
export const EDGE_NUMBERS = [0, -0, -1, 1, 0.5, -0.5, 1.5, 2 ** 31, -(2 ** 31), 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e21, -1e21, 1e308, -1e308, Number.MIN_VALUE, 5e-324, 1e-7];

/** Unicode a server must carry without mangling or crashing: astral, combining, RTL, zero-width, controls, a lone surrogate. */
export const UNICODE = ["héllo", "日本語", "🙂", "👩‍👩‍👧‍👦", "e\u0301", "\u202Eevil", "\u200B", "\uFEFF", "\u0000", "\u0007\u001b[31m", "\r\n", "\u2028\u2029", "\uD800", "\uDFFF", "𝕳𝖔𝖕𝖕𝖊𝖗", "Hopper"];

/** Keys that reach prototypes when code merges objects carelessly. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "__defineGetter__", "hasOwnProperty", "toString", "valueOf"];

/** An object with an own `__proto__` (or `constructor.prototype`) key, as JSON.parse makes from a request body. */
export function prototypePayload(random: Random): Record<string, unknown> {
  return JSON.parse(
    random.pick([
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"__proto__":{"toString":"not a function","polluted":"yes"}}',
      '{"a":{"__proto__":{"polluted":"yes"}},"__proto__":[1,2]}',
      '{"__proto__":null}',
      '{"prototype":{"polluted":"yes"},"hasOwnProperty":1}',
    ]),
  ) as Record<string, unknown>;
}

export function randomString(random: Random, maxLength = 24): string {
  const length = random.int(0, maxLength);
  let text = "";
  const pieces: (readonly [number, () => string])[] = [
    [6, () => String.fromCharCode(random.int(0x61, 0x7a))],
    [2, () => random.pick(UNICODE)],
    [1, () => String.fromCharCode(random.int(0, 0x1f))],
    [1, () => random.pick(['"', "\\", "'", "%", "{", "}", "/"])],
  ];
  while (text.length < length) text += random.weighted(pieces)();
  return text;
}

/** A string of 64 KiB to 1 MiB, or of 10,000 emoji. */
export function hugeString(random: Random): string {
  if (random.chance(0.3)) return "🙂".repeat(10_000);
  const unit = random.pick(["x", "ab", "Hopper "]);
  return unit.repeat(Math.floor(random.int(64 * 1024, 1024 * 1024) / unit.length));
}

/** Arrays or objects nested `depth` levels deep (hundreds to thousands). */
export function deepNesting(random: Random, depth = random.int(200, 3000)): unknown {
  let value: unknown = random.pick([1, "deep", null]);
  const asArray = random.chance(0.5);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** A value of any JSON type, small or nasty, with no regard for a schema. */
export function anyValue(random: Random, depth = 0): unknown {
  const kinds: (readonly [number, () => unknown])[] = [
    [3, () => randomString(random)],
    [3, () => random.pick(EDGE_NUMBERS)],
    [2, () => random.pick(NUMBER_LIKE_STRINGS)],
    [2, () => random.pick(UNICODE)],
    [1, () => random.int(-1000, 100000)],
    [1, () => random.chance(0.5)],
    [1, () => null],
    [1, () => prototypePayload(random)],
    [depth < 3 ? 2 : 0, () => Array.from({ length: random.int(0, 5) }, () => anyValue(random, depth + 1))],
    [depth < 3 ? 2 : 0, () => Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [random.chance(0.3) ? random.pick(PROTOTYPE_KEYS) : randomString(random, 8), anyValue(random, depth + 1)]))],
    [depth === 0 ? 1 : 0, () => hugeString(random)],
    [depth === 0 ? 1 : 0, () => deepNesting(random)],
  ];
  return random.weighted(kinds)();
}

function typesOf(schema: Schema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** A value that satisfies the schema, or sits just at its edges (which may or may not be valid). */
export function validish(random: Random, schema: Schema, depth = 0): unknown {
  if (schema.enum) return random.chance(0.9) ? random.pick(schema.enum) : random.pick([String(random.pick(schema.enum)).toUpperCase(), "", "al", "all "]);
  const type = random.pick(typesOf(schema).length ? typesOf(schema) : ["string", "number", "boolean"]);
  switch (type) {
    case "number":
    case "integer": {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? Math.max(min + 1000, 10_000);
      return random.weighted<() => number>([
        [4, () => random.int(Math.ceil(min), Math.min(Math.floor(max), Math.ceil(min) + 600))],
        [2, () => random.int(Math.ceil(min), Math.floor(max))],
        [2, () => random.pick([min, max, min - 1, max + 1, min + 0.5, max - 0.5])],
        [1, () => random.int(Math.ceil(min), Math.floor(max)) + random.pick([0.25, 0.5, 0.999])],
        [1, () => random.pick(EDGE_NUMBERS)],
      ])();
    }
    case "string": {
      const min = schema.minLength ?? 0;
      return random.weighted<() => string>([
        [5, () => random.pick(["hopper", "Ada", "lovelace", "a", "z", "Grace Hopper", "HOPPER", "  hopper  "])],
        [3, () => randomString(random, 16).padEnd(min, "a")],
        [1, () => random.pick(UNICODE)],
        [1, () => (min > 0 ? "a".repeat(min - 1) : "")],
        [1, () => " ".repeat(random.int(1, 3))],
      ])();
    }
    case "boolean":
      return random.chance(0.5);
    case "null":
      return null;
    case "array": {
      const length = random.weighted<number>([[6, random.int(0, 6)], [2, random.int(95, 105)], [1, 0], [1, random.int(1000, 20000)]]);
      return Array.from({ length }, () => (schema.items && depth < 4 ? validish(random, schema.items, depth + 1) : anyValue(random, 3)));
    }
    case "object":
      return validObject(random, schema, depth);
    default:
      return anyValue(random, 2);
  }
}

function validObject(random: Random, schema: Schema, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (required.has(key) || random.chance(0.6)) out[key] = validish(random, property, depth + 1);
  }
  return out;
}

/** A value of a type the schema does not allow (or any value at all, when the schema allows anything). */
export function wrongType(random: Random, schema: Schema): unknown {
  const allowed = new Set(typesOf(schema));
  if (allowed.has("number")) allowed.add("integer");
  const candidates: [string, () => unknown][] = [
    ["string", () => random.pick([...NUMBER_LIKE_STRINGS, ...UNICODE, randomString(random)])],
    ["number", () => random.pick(EDGE_NUMBERS)],
    ["boolean", () => random.chance(0.5)],
    ["null", () => null],
    ["array", () => [validish(random, schema)]],
    ["object", () => random.chance(0.5) ? prototypePayload(random) : { value: validish(random, schema) }],
  ];
  const wrong = candidates.filter(([type]) => !allowed.has(type));
  return random.pick(wrong.length ? wrong : candidates)[1]();
}

/** Arguments for a tool, mutated from a valid set in zero to three nasty ways. */
export function toolArguments(random: Random, schema: Schema): unknown {
  let args: unknown = validObject(random, schema, 0);
  const properties = Object.entries(schema.properties ?? {});
  const asRecord = () => (args !== null && typeof args === "object" && !Array.isArray(args) ? args : (args = {})) as Record<string, unknown>;
  const mutations: (readonly [number, () => void])[] = [
    // A known argument of the wrong type.
    [3, () => { if (properties.length) { const [key, property] = random.pick(properties); asRecord()[key] = wrongType(random, property); } }],
    // A required argument missing.
    [2, () => { if (schema.required?.length) delete asRecord()[random.pick(schema.required)]; }],
    // An unknown argument, or another tool's argument name.
    [2, () => { asRecord()[random.chance(0.5) ? randomString(random, 10) || "extra" : random.pick(["limit", "ids", "text", "id", "status", "orderId"])] = anyValue(random); }],
    // An own "__proto__" (or "constructor.prototype") key, as JSON.parse makes it.
    [2, () => { args = Object.assign(prototypePayload(random), asRecord()); }],
    // A key named after an Object.prototype member, as an own data property.
    [1, () => { Object.defineProperty(asRecord(), random.pick(PROTOTYPE_KEYS), { value: anyValue(random, 2), enumerable: true, configurable: true, writable: true }); }],
    [1, () => { if (properties.length) asRecord()[random.pick(properties)[0]] = hugeString(random); }],
    [1, () => { if (properties.length) asRecord()[random.pick(properties)[0]] = deepNesting(random); }],
    // Not an object at all.
    [1, () => { args = random.pick<unknown>([[], [1], "id=1", 42, null, true, deepNesting(random, 50)]); }],
  ];
  for (let i = random.int(0, 3); i > 0; i--) random.weighted(mutations)();
  return args;
}
