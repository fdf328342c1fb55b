import { expect } from "chai";
import { Complete, DecoratorUsageError, DuplicateNameError, LiveRegistry, MemoryEventStore, type RegistryEvent, type ServiceEntries, type ToolEntry } from "../../lib/index.js";
import { completersOf } from "../../lib/decorators/complete.js";

const tool = (name: string) => ({ definition: { name, inputSchema: { type: "object" } } }) as unknown as ToolEntry;
const entries = (...names: string[]): ServiceEntries => ({ tools: names.map((n) => ({ where: `S.${n}`, entry: tool(n) })), resources: [], templates: [], prompts: [] });

describe("LiveRegistry", () => {
  it("recomputes a list once per change and reports which lists changed", () => {
    const registry = new LiveRegistry();
    const events: RegistryEvent[] = [];
    registry.subscribe((e) => events.push(e));
    const owner = {};
    registry.add(owner, entries("a", "b"));
    const first = registry.toolList;
    expect(first.map((t) => t.name)).to.deep.equal(["a", "b"]);
    expect(registry.toolList).to.equal(first);
    expect(registry.remove(owner)).to.equal(true);
    expect(registry.toolList).to.deep.equal([]);
    expect(events).to.deep.equal([{ type: "listChanged", lists: ["tools"] }, { type: "listChanged", lists: ["tools"] }]);
  });

  it("adds all of a service's entries or none of them", () => {
    const registry = new LiveRegistry();
    registry.add({}, entries("a"));
    expect(() => registry.add({}, entries("b", "a"))).to.throw(DuplicateNameError, 'Duplicate tool "a": declared by S.a and by S.a');
    expect(() => registry.add({}, entries("c", "c"))).to.throw(DuplicateNameError);
    expect([...registry.tools.keys()]).to.deep.equal(["a"]);
  });

  it("stops notifying a listener that unsubscribed", () => {
    const registry = new LiveRegistry();
    const events: RegistryEvent[] = [];
    const stop = registry.subscribe((e) => events.push(e));
    registry.resourceUpdated("a://1");
    stop();
    registry.resourceUpdated("a://2");
    expect(events).to.deep.equal([{ type: "resourceUpdated", uri: "a://1" }]);
  });
});

describe("@Complete", () => {
  it("records completers per method, and a subclass adds to its base class's without changing it", () => {
    const byName = () => ["x"];
    class Base {
      @Complete("a", byName) async p(a: string) {
        return a;
      }
    }
    class Child extends Base {
      @Complete("b", "other") override async p(a: string) {
        return a;
      }
      other() {
        return [];
      }
    }
    expect(completersOf(Base.prototype, "p")).to.deep.equal({ a: byName });
    expect(completersOf(Child.prototype, "p")).to.deep.equal({ b: "other", a: byName });
  });

  it("refuses a missing argument name and a completer that is neither function nor name", () => {
    expect(() => {
      class Bad {
        @Complete("", () => []) async p() {}
      }
      return Bad;
    }).to.throw(DecoratorUsageError, "the argument name is missing");
    expect(() => {
      class Bad {
        @Complete("a", 5 as never) async p() {}
      }
      return Bad;
    }).to.throw(DecoratorUsageError, "neither a function nor a method name");
  });
});

describe("MemoryEventStore", () => {
  const message = (id: number) => ({ jsonrpc: "2.0" as const, id, result: {} });

  it("replays the events of one stream after the given one, skipping priming events", async () => {
    const store = new MemoryEventStore();
    const priming = await store.storeEvent("s1", {} as never);
    await store.storeEvent("s2", message(9));
    await store.storeEvent("s1", message(1));
    await store.storeEvent("s1", message(2));
    const replayed: unknown[] = [];
    const stream = await store.replayEventsAfter(priming, { send: async (_id, m) => void replayed.push(m) });
    expect(stream).to.equal("s1");
    expect(replayed).to.deep.equal([message(1), message(2)]);
    expect(await store.getStreamIdForEventId("unknown")).to.equal(undefined);
  });

  it("forgets the oldest events past its capacity", async () => {
    const store = new MemoryEventStore(2);
    const first = await store.storeEvent("s", message(1));
    await store.storeEvent("s", message(2));
    await store.storeEvent("s", message(3));
    expect(await store.getStreamIdForEventId(first)).to.equal(undefined);
  });
});
