import { randomUUID } from "node:crypto";
import type { Transport } from "@modelcontextprotocol/server";
import type { AuthInfo } from "../wire-types.js";
import type { Connections } from "../connections.js";
import { LaneConnection } from "../lane/lane-connection.js";
import { isProtocolRuntimeLoaded, loadProtocolRuntime, protocolRuntime } from "../protocol-runtime.js";

/** One served connection (stdio, or any SDK transport such as an in-memory pair). */
export interface ServedConnection {
  /**
   * Resolves once the requests that arrived while the SDK loaded are answered or have begun their
   * calls (a shutdown waits for this, bounded by its drain timeout); undefined when none waits.
   */
  settled(): Promise<void> | undefined;
  /** Closes the connection and the server pinned to it. */
  close(): Promise<void>;
}

/**
 * Serves both protocol eras on one connection: a client that opens with `initialize` gets a 2025
 * session, one that opens with a 2026-07-28 request gets a stateless server, and a `server/discover`
 * probe is answered without deciding either (the SDK's `serveStdio`). Tool calls of the usual shape
 * take mcpkit's fast lane in front of it (`LaneConnection`), which also opens the connection while the
 * SDK loads. Without the lane, the SDK must be loaded before this is called.
 */
export function serveConnection(connections: Connections, transport: Transport, onerror: (error: Error) => void, authInfo?: AuthInfo): ServedConnection {
  const connectionId = randomUUID();
  let sdk: { close(): Promise<void> } | undefined;
  let closed = false;
  let lane: LaneConnection | undefined;
  const serve = (wire: Transport, lane?: LaneConnection) => {
    sdk = protocolRuntime().serveStdio(
      ({ era }) => {
        const server = connections.connectionServer(era, { connectionId, authInfo, admitted: lane?.admitted });
        lane?.pinned(era, server);
        return server;
      },
      { transport: wire, onerror },
    );
    lane?.sdkAttached();
  };
  if (!connections.lane) {
    serve(transport);
  } else {
    const attachment = {
      attach: async () => {
        await loadProtocolRuntime();
        if (!closed && !sdk) serve(lane!, lane);
      },
    };
    const wire = new LaneConnection(transport, connections.lane, { connectionId, authInfo }, isProtocolRuntimeLoaded() ? undefined : attachment);
    lane = wire;
    if (isProtocolRuntimeLoaded()) serve(wire, wire);
    else void wire.start().catch(onerror);
  }
  return {
    settled: () => lane?.settled(),
    close: async () => {
      closed = true;
      if (sdk) return sdk.close();
      await transport.close();
    },
  };
}
