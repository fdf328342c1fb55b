// The trivial `echo` tool on tmcp (its own JSON-RPC layer, valibot schemas), as its README shows:
//   node peers-tmcp.js            stdio, both eras
//   node peers-tmcp.js --http     Streamable HTTP on a free port (sessions and 2026-07-28 on one endpoint)
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { ValibotJsonSchemaAdapter } from "@tmcp/adapter-valibot";
import { HttpTransport } from "@tmcp/transport-http";
import { StdioTransport } from "@tmcp/transport-stdio";
import { McpServer } from "tmcp";
import * as v from "valibot";

const server = new McpServer(
  { name: "echo", version: "1.0.0", description: "Returns its input." },
  { adapter: new ValibotJsonSchemaAdapter(), capabilities: { tools: { listChanged: true } } },
);
server.tool({ name: "echo", description: "Returns its input.", schema: v.object({ text: v.string() }) }, async ({ text }) => ({
  content: [{ type: "text", text }],
}));

if (process.argv.includes("--http")) {
  const transport = new HttpTransport(server, { path: "/mcp" });
  const http = createServer(getRequestListener(async (request) => (await transport.respond(request)) ?? new Response(null, { status: 404 })));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  process.stderr.write(`echo: MCP over Streamable HTTP at http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp\n`);
  process.on("SIGTERM", () => process.exit(0));
} else {
  new StdioTransport(server).listen();
}
