/** RFC 6749 `scope-token`: printable ASCII without space, `"` and `\`. */
const SCOPE_TOKEN = /^[\u0021\u0023-\u005B\u005D-\u007E]+$/;

export function isScopeToken(value: unknown): value is string {
  return typeof value === "string" && SCOPE_TOKEN.test(value);
}

/** The required scopes a caller lacks (empty when it has them all). */
export function missingScopes(required: readonly string[], granted: readonly string[]): string[] {
  if (required.length === 0) return [];
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope));
}

/** The scopes a token grants: the space-separated `scope` claim (RFC 9068, introspection), or an `scp` array or string. */
export function scopesOfClaims(claims: Readonly<Record<string, unknown>>): string[] {
  const value = claims.scope ?? claims.scp;
  if (typeof value === "string") return value.split(" ").filter((s) => s !== "");
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === "string");
  return [];
}

/** Each scope once, in first-seen order. */
export function unionOfScopes(...lists: readonly (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((list) => list ?? []))];
}
