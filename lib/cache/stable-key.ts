/**
 * A string that is equal for equal values whatever the order of object keys: the cache and batch
 * key of a call's arguments. Distinguishes types JSON would merge (undefined/null, Date/string).
 * Throws a TypeError naming the path of a value that has no stable form (function, symbol, cycle).
 * @example
 * stableKey({ b: 1, a: [2] }) === stableKey({ a: [2], b: 1 }); // true
 */
export function stableKey(value: unknown): string {
  return encode(value, "value", []);
}

/** The key of an argument list; trailing undefined arguments do not change it (`f(1)` is `f(1, undefined)`). */
export function stableArgsKey(args: readonly unknown[]): string {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  if (end === 1 && typeof args[0] === "string") return `[${JSON.stringify(args[0])}]`; // the common case, fast
  return encode(end === args.length ? args : args.slice(0, end), "arguments", []);
}

function encode(value: unknown, path: string, seen: object[]): string {
  switch (typeof value) {
    case "string": return JSON.stringify(value);
    case "number": return Number.isFinite(value) ? String(value) : `#${value}`;
    case "boolean": return value ? "true" : "false";
    case "undefined": return "#u";
    case "bigint": return `#${value}n`;
    case "function": case "symbol": throw new TypeError(`${path} is a ${typeof value}, which has no stable key`);
  }
  if (value === null) return "null";
  const object = value as object;
  if (seen.includes(object)) throw new TypeError(`${path} refers to itself, which has no stable key`);
  if (object instanceof Date) return `#d${object.getTime()}`;
  seen.push(object);
  try {
    if (Array.isArray(object)) return `[${object.map((item, i) => encode(item, `${path}[${i}]`, seen)).join(",")}]`;
    if (object instanceof Map) {
      const entries = [...object].map(([k, v]) => [encode(k, `${path} key`, seen), encode(v, `${path} value`, seen)]);
      return `#m{${entries.sort(([a], [b]) => (a! < b! ? -1 : 1)).map(([k, v]) => `${k}:${v}`).join(",")}}`;
    }
    if (object instanceof Set) return `#s[${[...object].map((v) => encode(v, `${path} item`, seen)).sort().join(",")}]`;
    const keys = Object.keys(object).filter((k) => (object as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${encode((object as Record<string, unknown>)[k], `${path}.${k}`, seen)}`).join(",")}}`;
  } finally {
    seen.pop();
  }
}
