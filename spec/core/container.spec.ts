import { expect } from "chai";
import { inject, McpApplication, Service, ServiceResolutionError, Tool, type OnShutdown, type OnStartup } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import * as tsyringe from "tsyringe";

describe("McpApplication's container", () => {
  it("injects services and tokens into constructors, sharing one instance of a dependency", async () => {
    @Service()
    class Counter {
      count = 0;
    }
    @Service()
    class First {
      constructor(readonly counter: Counter, @inject("greeting") readonly greeting: string) {}
      @Tool() async first() {
        return `${this.greeting} ${++this.counter.count}`;
      }
    }
    @Service()
    class Second {
      constructor(readonly counter: Counter) {}
      @Tool() async second() {
        return `count ${++this.counter.count}`;
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [First, Second], providers: [{ provide: "greeting", useValue: "hello" }] });
    try {
      expect((await client.callTool({ name: "first" })).content).to.deep.equal([{ type: "text", text: "hello 1" }]);
      expect((await client.callTool({ name: "second" })).content).to.deep.equal([{ type: "text", text: "count 2" }]);
    } finally {
      await close();
    }
  });

  it("lets a provider replace a @Service class, so a test double reaches the tools", async () => {
    @Service()
    class Inventory {
      count(): number {
        return 10;
      }
    }
    @Service()
    class EmptyInventory extends Inventory {
      override count(): number {
        return 0;
      }
    }
    @Service()
    class StockTools {
      constructor(readonly inventory: Inventory) {}
      @Tool() async stock() {
        return this.inventory.count();
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [StockTools], providers: [{ provide: Inventory, useClass: EmptyInventory }] });
    try {
      expect((await client.callTool({ name: "stock" })).content).to.deep.equal([{ type: "text", text: "0" }]);
    } finally {
      await close();
    }
  });

  it("shares one tsyringe with user code that imports tsyringe itself", async () => {
    expect(inject).to.equal(tsyringe.inject);
    @tsyringe.injectable()
    class Clock {
      constructor(@tsyringe.inject("epoch") readonly epoch: number) {}
    }
    @Service()
    class TimeTools {
      constructor(readonly clock: Clock) {}
      @Tool() async epoch() {
        return this.clock.epoch;
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [TimeTools], providers: [{ provide: "epoch", useValue: 1970 }] });
    try {
      expect((await client.callTool({ name: "epoch" })).content).to.deep.equal([{ type: "text", text: "1970" }]);
    } finally {
      await close();
    }
  });

  it("gives two applications in one process their own instances", async () => {
    @Service()
    class Tally {
      value = 0;
      @Tool() async bump() {
        return ++this.value;
      }
    }
    const one = await createTestClient({ name: "one", services: [Tally] });
    const two = await createTestClient({ name: "two", services: [Tally] });
    try {
      await one.client.callTool({ name: "bump" });
      await one.client.callTool({ name: "bump" });
      expect((await two.client.callTool({ name: "bump" })).content).to.deep.equal([{ type: "text", text: "1" }]);
      expect(one.app.resolve(Tally)).to.not.equal(two.app.resolve(Tally));
    } finally {
      await one.close();
      await two.close();
    }
  });

  it("runs onStartup before serving and onShutdown in reverse order at close", async () => {
    const events: string[] = [];
    @Service()
    class A implements OnStartup, OnShutdown {
      async onStartup() {
        events.push("start A");
      }
      async onShutdown() {
        events.push("stop A");
      }
    }
    @Service()
    class B implements OnStartup, OnShutdown {
      async onStartup() {
        events.push("start B");
      }
      async onShutdown() {
        events.push("stop B");
      }
      @Tool() async ping() {
        events.push("ping");
        return "pong";
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [A, B] });
    await client.callTool({ name: "ping" });
    await close();
    expect(events).to.deep.equal(["start A", "start B", "ping", "stop B", "stop A"]);
  });

  it("fails to start with a message naming the service and the missing token", async () => {
    @Service()
    class NeedsConfig {
      constructor(@inject("config") readonly config: object) {}
      @Tool() async read() {
        return this.config;
      }
    }
    const app = new McpApplication({ name: "t", services: [NeedsConfig] });
    let error: unknown;
    await app.start().catch((e) => (error = e));
    expect(error).to.be.instanceOf(ServiceResolutionError);
    expect((error as Error).message).to.match(/Could not create service NeedsConfig[\s\S]*Reason:[\s\S]*config/);
  });
});
