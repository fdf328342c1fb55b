// The same trivial tool written by hand on the SDK v2's McpServer, as its documentation shows: the
// baseline of the core benchmark. Run directly, it serves stdio, both eras (serveStdio);
// sdk-echo-http.ts serves it over Streamable HTTP. `--tools N` adds N - 1 filler tools beside `echo`.
import { McpServer } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { z } from "zod";

export function createSdkEcho(tools = 1): McpServer {
  const server = new McpServer({ name: "echo", version: "1.0.0" });
  server.registerTool("echo", { description: "Returns its input.", inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
    content: [{ type: "text", text }],
  }));
  for (let i = 1; i < tools; i++) {
    server.registerTool(`echo_${i}`, { description: `Returns its input (filler tool ${i}).`, inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
      content: [{ type: "text", text }],
    }));
  }
  return server;
}

/** `--tools N` from the command line; 1 without it. */
export function toolCount(argv: readonly string[]): number {
  const at = argv.indexOf("--tools");
  return at >= 0 ? Number(argv[at + 1]) : 1;
}

/** The benchmark asks a server process for its CPU time (µs), to compute the server's cost per call. */
export function answerCpuProbe(): void {
  process.on("SIGUSR2", () => {
    const { user, system } = process.cpuUsage();
    process.stderr.write(`bench-cpu ${user + system}\n`);
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  answerCpuProbe();
  const tools = toolCount(process.argv);
  serveStdio(() => createSdkEcho(tools));
}
