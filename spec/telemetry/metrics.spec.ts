import { expect } from "chai";
import type { Histogram } from "@opentelemetry/sdk-metrics";
import { Batched, Cached, Service, Tool, type ManagedPool, type PoolHealth } from "../../lib/index.js";
import { createTestClient, type TestClient } from "../../lib/testing/index.js";
import { histogramOf, recordTelemetry, valueOf, type RecordedTelemetry } from "./support.js";

let release: () => void = () => undefined;
let holding: () => void = () => undefined;

@Service()
class Catalog {
  @Batched({ batch: "findByIds" })
  async findById(id: number) {
    return (await this.findByIds([id]))[0];
  }

  async findByIds(ids: number[]) {
    return ids.map((id) => ({ id }));
  }
}

@Service()
class CatalogTools {
  constructor(private readonly catalog: Catalog) {}

  @Tool()
  @Cached({ ttl: "1m", shared: true })
  async item(id: number) {
    return this.catalog.findById(id);
  }

  @Tool()
  async broken() {
    throw new Error("out of stock");
  }

  /** Runs until the test releases it. */
  @Tool()
  async held() {
    const released = new Promise<void>((resolve) => (release = resolve));
    holding();
    await released;
    return "done";
  }
}

/** A pool that reports fixed figures, as a real one reports its connections. */
const pool: ManagedPool = {
  kind: "test",
  name: "inventory",
  address: "127.0.0.1:1",
  label: 'test pool "inventory"',
  bindings: [],
  start: async () => undefined,
  close: async () => undefined,
  health: (): PoolHealth => ({ name: "inventory", kind: "test", address: "127.0.0.1:1", status: "up", connections: { open: 5, busy: 2, idle: 3, limit: 8 }, waiting: 4, waitingLimit: 10, operations: 0, errors: 0, aborted: 0 }),
};

describe("telemetry: metrics after a known sequence of calls", () => {
  let telemetry: RecordedTelemetry;
  let test: TestClient;

  before(async () => {
    telemetry = recordTelemetry();
    test = await createTestClient({ name: "t", services: [CatalogTools], pools: [pool], telemetry: telemetry.options, onCallError: () => undefined });
    const item = (id: number) => test.client.callTool({ name: "item", arguments: { id } });
    await item(1);
    await item(1);
    await item(1);
    await Promise.all([item(2), item(3)]);
    await test.client.callTool({ name: "broken", arguments: {} });
    await test.client.callTool({ name: "nope", arguments: {} }).catch(() => undefined);
    await test.client.listTools();
    await test.app.cache.evict(CatalogTools, "item", 1);
  });
  after(async () => {
    await test.close();
    await telemetry.shutdown();
  });

  it("mcp.server.operation.duration counts every request by method, tool and error type", async () => {
    const points = await telemetry.points<Histogram>("mcp.server.operation.duration");
    expect(histogramOf(points, { "mcp.method.name": "tools/call", "gen_ai.tool.name": "item" })?.count).to.equal(5);
    const broken = points.find((p) => p.attributes["gen_ai.tool.name"] === "broken");
    expect(broken?.attributes).to.include({ "error.type": "tool_error", "gen_ai.operation.name": "execute_tool" });
    expect(broken?.value.count).to.equal(1);
    expect(histogramOf(points, { "gen_ai.tool.name": "nope" })).to.include({ count: 1 });
    expect(points.find((p) => p.attributes["gen_ai.tool.name"] === "nope")?.attributes).to.include({ "error.type": "-32602", "rpc.response.status_code": "-32602" });
    expect(histogramOf(points, { "mcp.method.name": "tools/list" })?.count).to.equal(1);
    expect(histogramOf(points, { "mcp.method.name": "initialize" })?.count).to.equal(1);
    expect(points.every((p) => p.value.sum! >= 0 && !("jsonrpc.request.id" in p.attributes)), "no per-request attributes on the metric").to.equal(true);
  });

  it("mcpkit.cache.requests and mcpkit.cache.evictions count each cached method's hits, misses and evictions", async () => {
    const requests = await telemetry.points("mcpkit.cache.requests");
    const cache = { "mcpkit.cache.name": "CatalogTools.item" };
    expect(valueOf(requests, { ...cache, "mcpkit.cache.result": "hit" })).to.equal(2);
    expect(valueOf(requests, { ...cache, "mcpkit.cache.result": "miss" })).to.equal(3);
    expect(valueOf(requests, { ...cache, "mcpkit.cache.result": "stale" })).to.equal(0);
    const evictions = await telemetry.points("mcpkit.cache.evictions");
    expect(valueOf(evictions, { ...cache, "mcpkit.cache.eviction.reason": "invalidated" })).to.equal(1);
    expect(valueOf(evictions, { ...cache, "mcpkit.cache.eviction.reason": "bounds" })).to.equal(0);
  });

  it("mcpkit.batch.size records one value per batch call", async () => {
    const sizes = histogramOf(await telemetry.points<Histogram>("mcpkit.batch.size"), { "mcpkit.batch.method": "Catalog.findByIds" });
    expect(sizes).to.include({ count: 2, sum: 3, min: 1, max: 2 });
  });

  it("pool gauges report connections in use, idle and waiting callers", async () => {
    const attributes = { "mcpkit.pool.name": "inventory", "mcpkit.pool.kind": "test" };
    const connections = await telemetry.points("mcpkit.pool.connections");
    expect(valueOf(connections, { ...attributes, "mcpkit.pool.connection.state": "used" })).to.equal(2);
    expect(valueOf(connections, { ...attributes, "mcpkit.pool.connection.state": "idle" })).to.equal(3);
    expect(valueOf(await telemetry.points("mcpkit.pool.pending_requests"), attributes)).to.equal(4);
  });

  it("mcpkit.server.active_calls counts calls in flight", async () => {
    const started = new Promise<void>((resolve) => (holding = resolve));
    const call = test.client.callTool({ name: "held", arguments: {} });
    await started;
    expect(valueOf(await telemetry.points("mcpkit.server.active_calls"), {})).to.equal(1);
    release();
    await call;
    expect(valueOf(await telemetry.points("mcpkit.server.active_calls"), {})).to.equal(0);
  });
});
