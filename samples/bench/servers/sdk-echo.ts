// The same trivial tool written by hand on the SDK's McpServer, as its documentation shows.
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";

export function createSdkEcho(): McpServer {
  const server = new McpServer({ name: "echo", version: "1.0.0" });
  server.registerTool("echo", { description: "Returns its input.", inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
    content: [{ type: "text", text }],
  }));
  return server;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) await createSdkEcho().connect(new StdioServerTransport());
