import type { CallToolResult, ContentBlock } from "@modelcontextprotocol/sdk/types.js";

/**
 * A tool's answer in full MCP form, for when a plain return value is not enough
 * (several content blocks, images, an explicit error result).
 * @example
 * return ToolResult.content([{ type: "text", text: "hi" }, { type: "image", data, mimeType: "image/png" }]);
 */
export class ToolResult {
  private constructor(readonly result: CallToolResult) {}

  static text(text: string): ToolResult {
    return new ToolResult({ content: [{ type: "text", text }] });
  }

  static content(content: ContentBlock[], structuredContent?: Record<string, unknown>): ToolResult {
    return new ToolResult(structuredContent ? { content, structuredContent } : { content });
  }

  /** An error the model should see and may correct, without a protocol error. */
  static error(message: string): ToolResult {
    return new ToolResult({ content: [{ type: "text", text: message }], isError: true });
  }

  static raw(result: CallToolResult): ToolResult {
    return new ToolResult(result);
  }
}
