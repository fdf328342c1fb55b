// The baseline echo server over Streamable HTTP, wired as the SDK v2 shows for each era:
//   node sdk-echo-http.js legacy [--tools N] [--port N]   2025 sessions (NodeStreamableHTTPServerTransport)
//   node sdk-echo-http.js modern [--tools N] [--port N]   2026-07-28 only (createMcpHandler + toNodeHandler)
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { NodeStreamableHTTPServerTransport, toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, isInitializeRequest } from "@modelcontextprotocol/server";
import { answerCpuProbe, createSdkEcho, toolCount } from "./sdk-echo.js";

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** 2025 Streamable HTTP with sessions: one server and transport per session, found by Mcp-Session-Id. */
function legacyListener(tools: number): Listener {
  const transports = new Map<string, NodeStreamableHTTPServerTransport>();
  return async (req, res) => {
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? transports.get(sessionId) : undefined;
    if (existing) return existing.handleRequest(req, res);
    const body = req.method === "POST" ? await readJson(req) : undefined;
    if (sessionId !== undefined || !isInitializeRequest(body)) {
      res.writeHead(400, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Bad Request: no valid session" }, id: null }));
    }
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void transports.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    };
    await createSdkEcho(tools).connect(transport);
    await transport.handleRequest(req, res, body);
  };
}

/** 2026-07-28 Streamable HTTP: a fresh server per request from the factory. */
function modernListener(tools: number): Listener {
  return toNodeHandler(createMcpHandler(() => createSdkEcho(tools), { legacy: "reject" }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

const argv = process.argv.slice(2);
const era = argv[0];
if (era !== "legacy" && era !== "modern") throw new Error("usage: sdk-echo-http.js legacy|modern [--tools N] [--port N]");
answerCpuProbe();
const listener = era === "legacy" ? legacyListener(toolCount(argv)) : modernListener(toolCount(argv));
const http = createServer((req, res) => {
  listener(req, res).catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error));
  });
});
const portAt = argv.indexOf("--port");
await new Promise<void>((resolve) => http.listen(portAt >= 0 ? Number(argv[portAt + 1]) : 0, "127.0.0.1", resolve));
process.stderr.write(`echo: MCP over Streamable HTTP at http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp\n`);
process.on("SIGTERM", () => process.exit(0));
