import type { IncomingMessage, ServerResponse } from "node:http";
import { WebStandardStreamableHTTPServerTransport, type WebStandardStreamableHTTPServerTransportOptions } from "@modelcontextprotocol/server";
import { fetchBridge } from "./fetch-bridge.js";

/** A 2025 Streamable HTTP transport (one session, or one stateless request), and how a Node request reaches it. */
export interface SessionTransport {
  readonly transport: WebStandardStreamableHTTPServerTransport;
  /** Serves a Node request whose JSON body is already parsed (`req.auth` is the token gate's AuthInfo). */
  handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
}

/**
 * The SDK's web-standard transport, reached from Node's `http` through mcpkit's own bridge: the SDK's
 * Node wrapper does the same through a web framework (hono) that would cost every HTTP server about
 * 5 MiB of memory and a package.
 */
export function sessionTransport(options: WebStandardStreamableHTTPServerTransportOptions): SessionTransport {
  const transport = new WebStandardStreamableHTTPServerTransport(options);
  return { transport, handle: fetchBridge((request, extra) => transport.handleRequest(request, extra)) };
}
