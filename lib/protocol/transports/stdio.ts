import { randomUUID } from "node:crypto";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
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
