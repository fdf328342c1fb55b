import { ToolResult } from "../server/tool-result.js";

/**
 * Turns cached values into JSON text and back for stores outside the process. Keeps what JSON
 * alone would lose (undefined, Date, Map, Set, bigint, binary, non-finite numbers, ToolResult);
 * decoding builds only plain data, never runs code. Class instances come back as plain objects.
 */
export function encodeValue(value: unknown): string {
  return JSON.stringify(toJson(value, "value"));
}

export function decodeValue(text: string): unknown {
  return fromJson(JSON.parse(text));
}

const TAG = "$mcpkit";

function toJson(value: unknown, path: string): unknown {
  switch (typeof value) {
    case "undefined": return { [TAG]: "u" };
    case "number": return Number.isFinite(value) ? value : { [TAG]: "n", v: String(value) };
    case "bigint": return { [TAG]: "b", v: value.toString() };
    case "function": case "symbol": throw new TypeError(`${path} is a ${typeof value} and cannot be stored outside the process`);
    case "string": case "boolean": return value;
  }
  if (value === null) return null;
  if (value instanceof ToolResult) return { [TAG]: "r", v: value.result };
  if (value instanceof Date) return { [TAG]: "d", v: value.getTime() };
  if (value instanceof Uint8Array) return { [TAG]: "x", v: Buffer.from(value).toString("base64") };
  if (value instanceof Map) return { [TAG]: "m", v: [...value].map(([k, v], i) => [toJson(k, `${path} key ${i}`), toJson(v, `${path} value ${i}`)]) };
  if (value instanceof Set) return { [TAG]: "s", v: [...value].map((v, i) => toJson(v, `${path} item ${i}`)) };
  if (Array.isArray(value)) return value.map((item, i) => toJson(item, `${path}[${i}]`));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as object)) define(out, k, toJson(v, `${path}.${k}`));
  // An object that happens to use the tag key is wrapped so decoding cannot mistake it.
  return TAG in out ? { [TAG]: "o", v: out } : out;
}

function fromJson(json: unknown): unknown {
  if (json === null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map(fromJson);
  const object = json as Record<string, unknown>;
  switch (object[TAG]) {
    case undefined: break;
    case "u": return undefined;
    case "n": return Number(object.v);
    case "b": return BigInt(object.v as string);
    case "d": return new Date(object.v as number);
    case "x": return new Uint8Array(Buffer.from(object.v as string, "base64"));
    case "m": return new Map((object.v as [unknown, unknown][]).map(([k, v]) => [fromJson(k), fromJson(v)]));
    case "s": return new Set((object.v as unknown[]).map(fromJson));
    case "r": return ToolResult.raw(object.v as never);
    case "o": return decodeFields(object.v as Record<string, unknown>);
  }
  return decodeFields(object);
}

function decodeFields(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) define(out, k, fromJson(v));
  return out;
}

/** Sets a field as an own property, so a "__proto__" key stays data and never changes a prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
