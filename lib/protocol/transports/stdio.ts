import { randomUUID } from "node:crypto";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { Transport } from "@modelcontextprotocol/server";
import type { AuthInfo } from "../wire-types.js";
import type { Connections } from "../connections.js";
import { LaneConnection } from "../lane/lane-connection.js";

/** One served connection (stdio, or any SDK transport such as an in-memory pair). */
export interface ServedConnection {
  /** Closes the connection and the server pinned to it. */
  close(): Promise<void>;
}

/**
 * Serves both protocol eras on one connection: a client that opens with `initialize` gets a 2025
 * session, one that opens with a 2026-07-28 request gets a stateless server, and a `server/discover`
 * probe is answered without deciding either (the SDK's `serveStdio`). Tool calls of the usual shape
 * take mcpkit's fast lane in front of it (`LaneConnection`).
 */
export function serveConnection(connections: Connections, transport: Transport, onerror: (error: Error) => void, authInfo?: AuthInfo): ServedConnection {
  const connectionId = randomUUID();
  const lane = connections.lane && new LaneConnection(transport, connections.lane, { connectionId, authInfo });
  return serveStdio(
    ({ era }) => {
      const server = connections.connectionServer(era, connectionId, authInfo);
      lane?.pinned(era, server);
      return server;
    },
    { transport: lane ?? transport, onerror },
  );
}
