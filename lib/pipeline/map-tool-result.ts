import { McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ToolResult } from "../server/tool-result.js";
import type { ToolInvocation } from "./invocation.js";
import type { Middleware } from "./compose.js";

/**
 * Turns what a method returned into a CallToolResult: strings as text, other values as JSON text
 * (and as `structuredContent` when the tool declares an output schema). Thrown errors become
 * `isError` results so the model can read and correct them; protocol errors (McpError) pass through.
 */
export const mapToolResult: Middleware<ToolInvocation, unknown> = async (invocation, next) => {
  try {
    return toCallToolResult(await next(), invocation.tool.outputSchema !== undefined);
  } catch (error) {
    if (error instanceof McpError) throw error;
    return errorResult(error);
  }
};

export function toCallToolResult(value: unknown, structured: boolean): CallToolResult {
  if (value instanceof ToolResult) return value.result;
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === "string") return { content: [{ type: "text", text: value }] };
  const text = JSON.stringify(value);
  if (structured && typeof value === "object" && !Array.isArray(value)) {
    return { content: [{ type: "text", text }], structuredContent: value as Record<string, unknown> };
  }
  return { content: [{ type: "text", text }] };
}

export function errorResult(error: unknown): CallToolResult {
  const message = error instanceof Error ? error.message : String(error);
  return { content: [{ type: "text", text: message }], isError: true };
}
