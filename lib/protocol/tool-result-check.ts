import { CallToolResultSchema } from "@modelcontextprotocol/core";

/**
 * A tool result as the SDK's server checks it before it answers a `tools/call`: unknown keys of
 * content blocks dropped, malformed blocks (bad base64, wrong types) refused with the SDK's message.
 * The fast lane applies it to results a method built itself (`ToolResult`); the ones mcpkit builds
 * from plain return values are well formed by construction.
 */
export function checkToolResult(result: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const parsed = CallToolResultSchema.safeParse(result);
  return parsed.success ? { ok: true, value: parsed.data as Record<string, unknown> } : { ok: false, message: `Invalid tools/call result: ${parsed.error.message}` };
}
