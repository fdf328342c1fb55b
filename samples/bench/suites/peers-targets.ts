import { fileURLToPath } from "node:url";
import { PUBLISHED_ECHO } from "./peers-published.js";

export type Era = "legacy" | "modern";
export const ERAS: readonly Era[] = ["legacy", "modern"];
export const MODERN_REVISION = "2026-07-28";
export const LEGACY_REVISION = "2025-11-25";
export const ECHO_TEXT = "hello";

/** A command line that starts a server: the script (under dist/samples/bench/servers) and its arguments. */
export interface Command {
  script: string;
  args: string[];
}

/** One server implementation of the same `echo` tool, and how to start it per transport and era. */
export interface Peer {
  name: string;
  /** What the table calls it, with its version. */
  label: string;
  stdio: Partial<Record<Era, Command>>;
  http: Partial<Record<Era, Command>>;
}

const server = (name: string, ...args: string[]): Command => ({ script: fileURLToPath(new URL(`../servers/${name}`, import.meta.url)), args });

/** mcpkit first: every ratio is mcpkit over another column. */
export const PEERS: readonly Peer[] = [
  {
    // As published: the echo server on the package's bundle (peers-published.ts writes it).
    name: "mcpkit",
    label: "mcpkit",
    stdio: { legacy: server(PUBLISHED_ECHO), modern: server(PUBLISHED_ECHO) },
    http: { legacy: server(PUBLISHED_ECHO, "--http", "--port", "0"), modern: server(PUBLISHED_ECHO, "--http", "--port", "0") },
  },
  {
    name: "sdk",
    label: "SDK v2 by hand",
    stdio: { legacy: server("sdk-echo.js"), modern: server("sdk-echo.js") },
    // Sessions on NodeStreamableHTTPServerTransport; 2026-07-28 on the SDK's stateless createMcpHandler.
    http: { legacy: server("sdk-echo-http.js", "legacy"), modern: server("sdk-echo-http.js", "modern") },
  },
  {
    name: "tmcp",
    label: "tmcp",
    stdio: { legacy: server("peers-tmcp.js"), modern: server("peers-tmcp.js") },
    http: { legacy: server("peers-tmcp.js", "--http"), modern: server("peers-tmcp.js", "--http") },
  },
  {
    // On the SDK v1: 2025 sessions only.
    name: "fastmcp",
    label: "fastmcp",
    stdio: { legacy: server("peers-fastmcp.js") },
    http: { legacy: server("peers-fastmcp.js", "--http") },
  },
];

/** The `_meta` envelope every 2026-07-28 request carries in place of a session. */
export const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": MODERN_REVISION,
  "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

export const INITIALIZE_PARAMS = { protocolVersion: LEGACY_REVISION, capabilities: {}, clientInfo: { name: "bench", version: "1.0.0" } };

/** The params of an `echo` call in an era. */
export function echoParams(era: Era): object {
  const params = { name: "echo", arguments: { text: ECHO_TEXT } };
  return era === "modern" ? { ...params, _meta: MODERN_META } : params;
}

/** True when a JSON-RPC response is a successful `echo` result. */
export function isEchoResult(message: unknown): boolean {
  const result = (message as { result?: { content?: { text?: unknown }[]; isError?: unknown } } | undefined)?.result;
  return result !== undefined && result.isError !== true && result.content?.[0]?.text === ECHO_TEXT;
}

/** The package versions in the table's header, read from the installed packages. */
export const PEER_PACKAGES: Record<string, string[]> = {
  mcpkit: [],
  sdk: ["@modelcontextprotocol/server"],
  tmcp: ["tmcp", "@tmcp/transport-stdio", "@tmcp/transport-http", "@tmcp/adapter-valibot"],
  fastmcp: ["fastmcp"],
};
