/**
 * The MCP wire types mcpkit speaks, re-exported from the one place allowed to import the SDK, so the
 * rest of the library (and users) name them without depending on the SDK's package layout.
 */
export type {
  AudioContent,
  AuthInfo,
  CallToolResult,
  ClientCapabilities,
  CompleteResult,
  ContentBlock,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestFormParams,
  ElicitResult,
  EmbeddedResource,
  EventStore,
  GetPromptResult,
  ImageContent,
  JSONRPCMessage,
  ListRootsResult,
  LoggingLevel,
  Prompt,
  PromptMessage,
  ReadResourceResult,
  Resource,
  ResourceLink,
  ResourceTemplateType as ResourceTemplate,
  ServerCapabilities,
  Root,
  TextContent,
  Tool,
  ToolAnnotations,
} from "@modelcontextprotocol/server";

/** The two protocol eras: 2025 (`initialize` handshake, sessions) and 2026-07-28 (stateless, per-request `_meta`). */
export type ProtocolEra = "legacy" | "modern";
