import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RegistryEvent } from "./registry.js";
import { sessionStateOf } from "./session-state.js";

/**
 * Tells connected clients about a registry change: `list_changed` to every client, and
 * `resources/updated` only to clients subscribed to that URI. A client that went away is skipped;
 * one failed send never stops the others.
 */
export function notifyClients(servers: Iterable<Server>, event: RegistryEvent): Promise<void> {
  const sends: Promise<void>[] = [];
  for (const server of servers) {
    // Not connected, or not initialized yet: the client learns the current lists when it lists them.
    if (!server.transport || !server.getClientVersion()) continue;
    if (event.type === "resourceUpdated") {
      if (sessionStateOf(server).subscriptions.has(event.uri)) sends.push(server.sendResourceUpdated({ uri: event.uri }));
      continue;
    }
    for (const list of event.lists) {
      if (list === "tools") sends.push(server.sendToolListChanged());
      else if (list === "resources") sends.push(server.sendResourceListChanged());
      else sends.push(server.sendPromptListChanged());
    }
  }
  return Promise.allSettled(sends).then(() => undefined);
}
