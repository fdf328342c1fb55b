/** One parameter as read from a function's source text. */
export interface ParsedParameter {
  /** Null for a destructured or rest parameter, which has no single name. */
  name: string | null;
  hasDefault: boolean;
  /** The default, when it is a plain JSON literal (numbers, strings, booleans, null). */
  defaultValue?: unknown;
}

/**
 * Reads parameter names (and literal defaults) from a function's source, since JavaScript keeps
 * no other record of them. Handles defaults with nested brackets, strings and comments.
 */
export function parseParameters(fn: Function): ParsedParameter[] {
  const source = fn.toString();
  const open = source.indexOf("(");
  if (open < 0) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = open + 1; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      const end = skipString(source, i);
      current += source.slice(i, end);
      i = end - 1;
      continue;
    }
    if (ch === "/" && (source[i + 1] === "/" || source[i + 1] === "*")) {
      i = skipComment(source, i) - 1;
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === 0) break;
      depth--;
    }
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map(parseOne);
}

function parseOne(text: string): ParsedParameter {
  const eq = text.indexOf("=");
  const head = (eq >= 0 ? text.slice(0, eq) : text).trim();
  const name = /^[A-Za-z_$][\w$]*$/.test(head) ? head : null;
  if (eq < 0) return { name, hasDefault: false };
  const literal = text.slice(eq + 1).trim();
  return { name, hasDefault: true, defaultValue: parseLiteral(literal) };
}

function parseLiteral(text: string): unknown {
  const normalised = /^'.*'$/s.test(text) ? JSON.stringify(text.slice(1, -1)) : text;
  try {
    return JSON.parse(normalised);
  } catch {
    return undefined;
  }
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === quote) return i + 1;
  }
  return source.length;
}

function skipComment(source: string, start: number): number {
  if (source[start + 1] === "/") {
    const end = source.indexOf("\n", start);
    return end < 0 ? source.length : end;
  }
  const end = source.indexOf("*/", start + 2);
  return end < 0 ? source.length : end + 2;
}
