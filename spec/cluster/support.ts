import { randomBytes } from "node:crypto";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { McpApplication, RedisConnection, type Constructor, type McpApplicationOptions } from "../../lib/index.js";
import type { HttpListener } from "../../lib/protocol/transports/http-transport.js";
import { REDIS_URL } from "../support/services.js";

/** One instance of a clustered application, served over HTTP on its own port. */
export interface Instance {
  app: McpApplication;
  listener: HttpListener;
  redis: RedisConnection;
}

/** A Redis key prefix no other spec (or concurrent run) uses. */
export function uniquePrefix(label: string): string {
  return `spec:${label}:${randomBytes(4).toString("hex")}:`;
}

/**
 * Starts `count` instances of one application in this process, each with its own Redis client and
 * HTTP port, sharing state on Redis under `prefix` as separate processes would.
 */
export async function startInstances(count: number, prefix: string, services: Constructor[], extra: Partial<McpApplicationOptions> = {}): Promise<Instance[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const redis = new RedisConnection({ url: REDIS_URL, name: `instance-${i}` });
      const app = new McpApplication({ name: "cluster-spec", services, pools: [redis, ...(extra.pools ?? [])], cluster: { ...extra.cluster, redis, prefix }, onWarning: () => undefined, ...withoutPools(extra) });
      const listener = await app.listenHttp({ port: 0 });
      return { app, listener, redis };
    }),
  );
}

function withoutPools(extra: Partial<McpApplicationOptions>): Partial<McpApplicationOptions> {
  const { pools: _pools, cluster: _cluster, ...rest } = extra;
  return rest;
}

export function closeAll(instances: Instance[] | undefined): Promise<unknown> {
  return Promise.allSettled((instances ?? []).map((i) => i.app.close()));
}

/** A 2026-07-28 client over Streamable HTTP (each request may go anywhere: `fetch` decides). */
export async function modernClient(url: string, options: { fetch?: typeof fetch; capabilities?: Record<string, unknown> } = {}): Promise<Client> {
  const client = new Client({ name: "cluster-spec", version: "1.0.0" }, { capabilities: options.capabilities ?? {}, versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: options.fetch }));
  return client;
}
