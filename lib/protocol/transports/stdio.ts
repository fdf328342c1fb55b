import { randomUUID } from "node:crypto";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { serveStdio, StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import type { Transport } from "@modelcontextprotocol/server";
import type { AuthInfo } from "../wire-types.js";
import type { Connections } from "../connections.js";

/** One served connection (stdio, or any SDK transport such as an in-memory pair). */
export interface ServedConnection {
  /** Closes the connection and the server pinned to it. */
  close(): Promise<void>;
}

/**
 * Serves both protocol eras on one connection: a client that opens with `initialize` gets a 2025
 * session, one that opens with a 2026-07-28 request gets a stateless server, and a `server/discover`
 * probe is answered without deciding either (the SDK's `serveStdio`).
 */
export function serveConnection(connections: Connections, transport: Transport, onerror: (error: Error) => void, authInfo?: AuthInfo): ServedConnection {
  const connectionId = randomUUID();
  return serveStdio(({ era }) => connections.connectionServer(era, connectionId, authInfo), { transport, onerror });
}

/**
 * A stdio transport over `stdin`/`stdout` that outlives the end of stdin: the SDK's transport closes
 * (and aborts every call in flight) when its input ends, so it reads a stream that mcpkit ends only
 * after shutdown has let those calls finish. `inputEnded` resolves when the real stdin ends.
 */
export function drainingStdioTransport(stdin: Readable = process.stdin, stdout: Writable = process.stdout): { transport: Transport; inputEnded: Promise<void> } {
  const input = new PassThrough();
  stdin.pipe(input, { end: false });
  const inputEnded = new Promise<void>((resolve) => {
    stdin.once("end", () => resolve());
    stdin.once("close", () => resolve());
  });
  return { transport: new StdioServerTransport(input, stdout), inputEnded };
}
