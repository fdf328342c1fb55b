import { randomUUID } from "node:crypto";
import type { Server, ServerNotifier } from "@modelcontextprotocol/server";
import type { RegistryEvent } from "../server/registry.js";
import { FastLane } from "./lane/fast-lane.js";
import { protocolRuntime } from "./protocol-runtime.js";
import type { RequestStateKey } from "./request-state.js";
import type { ProtocolServerOptions, ServingScope } from "./sdk-server.js";
import type { ProtocolEra } from "./wire-types.js";

/** What an application gives its connections: the protocol servers' options, with the `requestState` key in place of its codec. */
export type ConnectionsOptions = Omit<ProtocolServerOptions, "subscriptionsOf" | "inputState"> & { inputStateKey: RequestStateKey; fastLane?: boolean };

/**
 * Every client an application serves, and how each hears about registry changes: a 2025 connection
 * or session gets `list_changed` (and `resources/updated` for URIs it subscribed to) on its own
 * server; a 2026-07-28 stdio connection's pinned server forwards them to its `subscriptions/listen`
 * streams; a 2026-07-28 HTTP endpoint publishes them on its event bus to every listen stream.
 */
export class Connections {
  private readonly legacy = new Set<Server>();
  private readonly pinnedModern = new Set<Server>();
  private readonly notifiers = new Set<ServerNotifier>();
  private readonly subscriptions = new WeakMap<Server, Set<string>>();
  private readonly shared: Omit<ConnectionsOptions, "fastLane">;
  /** The protocol servers' options, made when the SDK serves the first connection (the codec comes from the SDK). */
  private serverOptions?: ProtocolServerOptions;
  /**
   * mcpkit's own `tools/call` path in front of the SDK; off with telemetry (whose spans wrap the
   * SDK's request handling) or `fastLane: false`.
   */
  readonly lane: FastLane | undefined;

  constructor(options: ConnectionsOptions) {
    const { fastLane, ...shared } = options;
    this.shared = shared;
    this.lane = fastLane === false || options.observe ? undefined : new FastLane(options.registry, options.identity, options.listCacheHint, !options.visible);
  }

  /** What every protocol server shares. Called once the SDK is loaded. */
  private get options(): ProtocolServerOptions {
    if (!this.serverOptions) {
      const { inputStateKey, ...rest } = this.shared;
      this.serverOptions = { ...rest, inputState: protocolRuntime().createInputStateCodec(inputStateKey), subscriptionsOf: (server) => this.subscriptionsOf(server) };
    }
    return this.serverOptions;
  }

  /** A server for one connection (stdio, in memory, a 2025 HTTP session), tracked until it closes. */
  connectionServer(era: ProtocolEra, scope: Omit<ServingScope, "era"> = {}): Server {
    const server = protocolRuntime().createProtocolServer(this.options, { connectionId: randomUUID(), ...scope, era });
    const set = era === "legacy" ? this.legacy : this.pinnedModern;
    set.add(server);
    server.onclose = () => void set.delete(server);
    return server;
  }

  /** A server for one 2026-07-28 HTTP request (or a stateless 2025 one): nothing to notify later. */
  requestServer(scope: ServingScope): Server {
    const runtime = protocolRuntime();
    return runtime.withStacklessClose(runtime.createProtocolServer(this.options, scope));
  }

  /** Publishes changes to a 2026-07-28 HTTP endpoint's listen streams until the returned function is called. */
  addNotifier(notifier: ServerNotifier): () => void {
    this.notifiers.add(notifier);
    return () => void this.notifiers.delete(notifier);
  }

  /** How many connections are open (both eras). */
  get count(): number {
    return this.legacy.size + this.pinnedModern.size;
  }

  /** Open connections (both eras); the servers to close at shutdown. */
  get servers(): Server[] {
    return [...this.legacy, ...this.pinnedModern];
  }

  /** Tells every client about a change; one failed send never stops the others. */
  notify(event: RegistryEvent): Promise<void> {
    const sends: Promise<void>[] = [];
    for (const notifier of this.notifiers) {
      if (event.type === "resourceUpdated") notifier.resourceUpdated(event.uri);
      else for (const list of event.lists) (list === "tools" ? notifier.toolsChanged() : list === "resources" ? notifier.resourcesChanged() : notifier.promptsChanged());
    }
    for (const server of this.pinnedModern) sends.push(...sendTo(server, event));
    for (const server of this.legacy) {
      // Not initialized yet: the client learns the current lists when it lists them.
      if (!server.transport || !server.getClientVersion()) continue;
      if (event.type === "resourceUpdated" && !this.subscriptionsOf(server).has(event.uri)) continue;
      sends.push(...sendTo(server, event));
    }
    return Promise.allSettled(sends).then(() => undefined);
  }

  private subscriptionsOf(server: Server): Set<string> {
    let uris = this.subscriptions.get(server);
    if (!uris) this.subscriptions.set(server, (uris = new Set()));
    return uris;
  }
}

function sendTo(server: Server, event: RegistryEvent): Promise<void>[] {
  if (event.type === "resourceUpdated") return [server.sendResourceUpdated({ uri: event.uri })];
  return event.lists.map((list) => (list === "tools" ? server.sendToolListChanged() : list === "resources" ? server.sendResourceListChanged() : server.sendPromptListChanged()));
}
