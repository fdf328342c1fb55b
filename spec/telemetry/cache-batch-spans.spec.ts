import { expect } from "chai";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { Batched, Cached, Service, Tool } from "../../lib/index.js";
import { createTestClient, type TestClient } from "../../lib/testing/index.js";
import { childrenOf, recordTelemetry, type RecordedTelemetry } from "./support.js";

interface User {
  id: number;
  name: string;
}

@Service()
class Users {
  readonly batches: number[][] = [];

  @Batched({ batch: "findByIds" })
  async findById(id: number): Promise<User | undefined> {
    return (await this.findByIds([id]))[0];
  }

  async findByIds(ids: number[]): Promise<User[]> {
    this.batches.push(ids);
    return ids.map((id) => ({ id, name: `user ${id}` }));
  }
}

@Service()
class UserTools {
  constructor(private readonly users: Users) {}

  @Tool()
  @Cached({ ttl: "1m", staleWhileRevalidate: "1m", shared: true })
  async getUser(id: number) {
    return this.users.findById(id);
  }
}

/** The names of a span's children, in start order, with the cache result where there is one. */
function shapeOf(spans: ReadableSpan[], parent: ReadableSpan): string[] {
  return childrenOf(spans, parent).map((s) => (s.attributes["mcpkit.cache.result"] ? `${s.name} [${s.attributes["mcpkit.cache.result"]}]` : s.name));
}

function callSpans(spans: ReadableSpan[]): ReadableSpan[] {
  return spans.filter((s) => s.name === "tools/call getUser");
}

describe("telemetry: cache and batch spans", () => {
  let telemetry: RecordedTelemetry;
  let test: TestClient;
  let clock = 0;

  beforeEach(async () => {
    telemetry = recordTelemetry();
    clock = 1_000_000;
    test = await createTestClient({ name: "t", services: [UserTools], telemetry: telemetry.options, cache: { now: () => clock } });
  });
  afterEach(async () => {
    await test.close();
    await telemetry.shutdown();
  });

  const getUser = (id: number) => test.client.callTool({ name: "getUser", arguments: { id } });

  it("a cache hit is one lookup span under the call, and nothing else runs", async () => {
    await getUser(1);
    await getUser(1);
    const spans = telemetry.spans();
    const hit = callSpans(spans)[1]!;
    expect(shapeOf(spans, hit)).to.deep.equal(["cache.lookup UserTools.getUser [hit]"]);
    expect(childrenOf(spans, hit)[0]!.attributes).to.include({ "mcpkit.cache.name": "UserTools.getUser" });
  });

  it("misses that batch together: each call waits for its key, and one batch span is linked from every waiting call", async () => {
    await Promise.all([getUser(1), getUser(2), getUser(3)]);
    expect(test.app.resolve(Users).batches).to.deep.equal([[1, 2, 3]]);
    const spans = telemetry.spans();
    const calls = callSpans(spans);
    expect(calls).to.have.length(3);
    expect(new Set(calls.map((c) => c.spanContext().traceId)).size, "one trace per call").to.equal(3);
    for (const call of calls) expect(shapeOf(spans, call)).to.deep.equal(["cache.lookup UserTools.getUser [miss]", "batch.wait Users.findById", "cache.store UserTools.getUser"]);

    const waits = spans.filter((s) => s.name === "batch.wait Users.findById");
    const batch = telemetry.span("batch Users.findByIds");
    expect(batch.attributes).to.deep.include({ "mcpkit.batch.method": "Users.findByIds", "mcpkit.batch.size": 3, "mcpkit.batch.keys": ["1", "2", "3"] });
    expect(waits.map((w) => w.spanContext().spanId)).to.include(batch.parentSpanContext?.spanId);
    expect(batch.links.map((l) => l.context.spanId).sort()).to.deep.equal(waits.map((w) => w.spanContext().spanId).sort());
    for (const wait of waits) expect(wait.links.map((l) => l.context.spanId)).to.deep.equal([batch.spanContext().spanId]);
  });

  it("a caller that joins another's run of the same key waits for it, linked to the run it joined", async () => {
    await Promise.all([getUser(7), getUser(7)]);
    const spans = telemetry.spans();
    const [first, second] = callSpans(spans) as [ReadableSpan, ReadableSpan];
    expect(shapeOf(spans, first)).to.deep.equal(["cache.lookup UserTools.getUser [miss]", "batch.wait Users.findById", "cache.store UserTools.getUser"]);
    expect(shapeOf(spans, second)).to.deep.equal(["cache.wait UserTools.getUser [coalesced]"]);
    const lookup = childrenOf(spans, first)[0]!;
    expect(childrenOf(spans, second)[0]!.links.map((l) => l.context.spanId)).to.deep.equal([lookup.spanContext().spanId]);
  });

  it("a stale hit answers at once and refreshes in the background under its own span", async () => {
    await getUser(4);
    clock += 90_000;
    await getUser(4);
    const refresh = await telemetry.ended("cache.refresh UserTools.getUser");
    const spans = telemetry.spans();
    const stale = callSpans(spans)[1]!;
    expect(shapeOf(spans, stale)).to.deep.equal(["cache.lookup UserTools.getUser [stale]", "cache.refresh UserTools.getUser"]);
    expect(childrenOf(spans, refresh).map((s) => s.name)).to.include("batch.wait Users.findById");
  });
});
