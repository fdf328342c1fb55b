import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { CacheLog } from "../cache/guarded-store.js";
import type { ListName } from "../server/registry.js";

/** What instances tell each other. `from` names the sender, so an instance ignores its own echoes. */
export type ClusterMessage =
  | { kind: "listChanged"; lists: ListName[] }
  | { kind: "resourceUpdated"; uri: string }
  /** Cache entries were evicted: the keys starting with `prefix` ("name|" for a whole method). */
  | { kind: "invalidate"; prefix: string }
  /** A cache fill's lease on `key` ended (stored or given up): waiters may read or take over. */
  | { kind: "released"; key: string };

type Envelope = ClusterMessage & { from: string };

/**
 * One Redis pub/sub channel shared by every instance of an application: publishes go through the
 * application's client; a duplicate connection subscribes (a subscribed connection can do nothing
 * else). ioredis reconnects and resubscribes by itself; a failed publish is reported once per outage.
 */
export class ClusterChannel {
  readonly instanceId = randomUUID();
  private subscriber?: Redis;
  private readonly handlers = new Set<(message: ClusterMessage) => void>();
  private healthy = true;

  constructor(private readonly client: Redis, readonly name: string, private readonly log: CacheLog) {}

  async start(): Promise<void> {
    const subscriber = (this.subscriber = this.client.duplicate({ lazyConnect: true, connectionName: `${this.client.options.connectionName ?? "mcpkit"}:cluster` }));
    subscriber.on("error", () => undefined);
    subscriber.on("message", (_channel: string, text: string) => this.deliver(text));
    await subscriber.connect();
    await subscriber.subscribe(this.name);
  }

  /** Hears messages from the other instances (never this one's own). */
  onMessage(handler: (message: ClusterMessage) => void): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  /** The text a message is sent as (also for Lua scripts that publish it themselves). */
  encode(message: ClusterMessage): string {
    return JSON.stringify({ ...message, from: this.instanceId } satisfies Envelope);
  }

  /** Sends to every other instance; never rejects (a Redis outage is reported, once). */
  publish(message: ClusterMessage): Promise<void> {
    return this.client.publish(this.name, this.encode(message)).then(
      () => this.succeeded(),
      (error: unknown) => this.failed(error),
    );
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscriber?.disconnect();
  }

  private deliver(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === this.instanceId) return;
    for (const handler of this.handlers) {
      try {
        handler(envelope);
      } catch (error) {
        this.log("warn", `Cluster channel ${this.name}: a handler failed (${(error as Error).message})`);
      }
    }
  }

  private succeeded(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.log("info", `Cluster channel ${this.name} works again; instances hear each other's changes.`);
  }

  private failed(error: unknown): void {
    if (!this.healthy) return;
    this.healthy = false;
    this.log("warn", `Cluster channel ${this.name}: publishing failed (${error instanceof Error ? error.message : String(error)}); other instances miss changes until Redis works again.`);
  }
}
