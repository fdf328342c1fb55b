import type { NodeStreamableHTTPServerTransport, StreamableHTTPServerTransportOptions } from "@modelcontextprotocol/node";

let loading: Promise<typeof import("@modelcontextprotocol/node")> | undefined;

/**
 * The SDK's Node transport for 2025 Streamable HTTP, loaded on first use: it brings in a web
 * framework (hono) that a server answering only 2026-07-28 requests, or not yet opened by a 2025
 * client, does not need in memory.
 */
export async function nodeHttpTransport(options: StreamableHTTPServerTransportOptions): Promise<NodeStreamableHTTPServerTransport> {
  const { NodeStreamableHTTPServerTransport } = await (loading ??= import("@modelcontextprotocol/node"));
  return new NodeStreamableHTTPServerTransport(options);
}
