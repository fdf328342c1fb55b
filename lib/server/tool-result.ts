import type { AudioContent, CallToolResult, ContentBlock, EmbeddedResource, ImageContent, ResourceLink, TextContent } from "../protocol/wire-types.js";

/** Binary data as bytes, or already base64-encoded text. */
export type BinaryData = Uint8Array | string;

function base64(data: BinaryData): string {
  return typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

/**
 * Builders for MCP content blocks, usable in tool results and prompt messages.
 * @example
 * ToolResult.of(Content.text("Chart:"), Content.image(png, "image/png"), Content.resourceLink("charts://42", "chart 42"))
 */
export const Content = {
  text(text: string): TextContent {
    return { type: "text", text };
  },
  /** An image; bytes are base64-encoded for you. */
  image(data: BinaryData, mimeType: string): ImageContent {
    return { type: "image", data: base64(data), mimeType };
  },
  /** Audio, e.g. "audio/wav"; bytes are base64-encoded for you. */
  audio(data: BinaryData, mimeType: string): AudioContent {
    return { type: "audio", data: base64(data), mimeType };
  },
  /** A resource's contents inline: text for a string, a base64 blob for bytes. */
  resource(uri: string, contents: string | Uint8Array, mimeType?: string): EmbeddedResource {
    const resource =
      typeof contents === "string"
        ? { uri, mimeType: mimeType ?? "text/plain", text: contents }
        : { uri, mimeType: mimeType ?? "application/octet-stream", blob: base64(contents) };
    return { type: "resource", resource };
  },
  /** A pointer to a resource the client may read later, without its contents. */
  resourceLink(uri: string, name: string, details: Omit<ResourceLink, "type" | "uri" | "name"> = {}): ResourceLink {
    return { type: "resource_link", uri, name, ...details };
  },
};

/**
 * A tool's answer in full MCP form, for when a plain return value is not enough
 * (several content blocks, images, audio, embedded resources, an explicit error result).
 * @example
 * return ToolResult.of(Content.text("hi"), Content.image(pngBytes, "image/png"));
 */
export class ToolResult {
  private constructor(readonly result: CallToolResult) {}

  static text(text: string): ToolResult {
    return new ToolResult({ content: [Content.text(text)] });
  }

  /** Any mix of content blocks, in order. */
  static of(...content: ContentBlock[]): ToolResult {
    return new ToolResult({ content });
  }

  static content(content: ContentBlock[], structuredContent?: Record<string, unknown>): ToolResult {
    return new ToolResult(structuredContent ? { content, structuredContent } : { content });
  }

  static image(data: BinaryData, mimeType: string): ToolResult {
    return ToolResult.of(Content.image(data, mimeType));
  }

  static audio(data: BinaryData, mimeType: string): ToolResult {
    return ToolResult.of(Content.audio(data, mimeType));
  }

  static resource(uri: string, contents: string | Uint8Array, mimeType?: string): ToolResult {
    return ToolResult.of(Content.resource(uri, contents, mimeType));
  }

  static resourceLink(uri: string, name: string, details?: Omit<ResourceLink, "type" | "uri" | "name">): ToolResult {
    return ToolResult.of(Content.resourceLink(uri, name, details));
  }

  /**
   * Structured output (checked by clients against the tool's output schema) with its JSON text
   * as content, for clients that read only content.
   */
  static structured(value: Record<string, unknown>, text: string = JSON.stringify(value)): ToolResult {
    return new ToolResult({ content: [Content.text(text)], structuredContent: value });
  }

  /** An error the model should see and may correct, without a protocol error. */
  static error(message: string): ToolResult {
    return new ToolResult({ content: [Content.text(message)], isError: true });
  }

  static raw(result: CallToolResult): ToolResult {
    return new ToolResult(result);
  }
}
