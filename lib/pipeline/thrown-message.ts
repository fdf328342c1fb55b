/** A readable message for any thrown value: an Error's message, a string, an object's `message`, else its JSON. */
export function thrownMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && typeof (value as { message?: unknown }).message === "string") return (value as { message: string }).message;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined && json !== "{}") return `a non-Error value was thrown: ${json.length > 500 ? json.slice(0, 500) + "…" : json}`;
  } catch {
    // circular or with a BigInt: fall through
  }
  return `a non-Error value was thrown: ${String(value)}`;
}
