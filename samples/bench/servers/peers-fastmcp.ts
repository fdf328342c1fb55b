// The trivial `echo` tool on fastmcp (TypeScript; on the SDK v1, so 2025 sessions only), as its README shows:
//   node peers-fastmcp.js          stdio
//   node peers-fastmcp.js --http   Streamable HTTP (sessions) on a free port
import { createServer } from "node:net";
import { FastMCP } from "fastmcp";
import { z } from "zod";

const server = new FastMCP({ name: "echo", version: "1.0.0" });
server.addTool({ name: "echo", description: "Returns its input.", parameters: z.object({ text: z.string() }), execute: async ({ text }) => text });

/** fastmcp needs a port number up front: ask the system for a free one. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

if (process.argv.includes("--http")) {
  const port = await freePort();
  await server.start({ transportType: "httpStream", httpStream: { port, host: "127.0.0.1", endpoint: "/mcp" } });
  process.stderr.write(`echo: MCP over Streamable HTTP at http://127.0.0.1:${port}/mcp\n`);
  process.on("SIGTERM", () => process.exit(0));
} else {
  await server.start({ transportType: "stdio" });
}
