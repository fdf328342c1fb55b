import { expect } from "chai";
import { DuplicateNameError, McpApplication, Prompt, Resource, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { collectNotifications } from "./support.js";
import { ProtocolErrorCode } from "@modelcontextprotocol/client";

describe("adding and removing services at runtime", () => {
  @Service()
  class Base {
    @Tool() async ping() {
      return "pong";
    }
  }

  it("declares list-changed support for tools, resources and prompts even before any exist", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [] });
    try {
      expect(client.getServerCapabilities()).to.deep.include({
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        completions: {},
      });
    } finally {
      await close();
    }
  });

  it("serves an added service at once and tells connected clients each list changed", async () => {
    @Service()
    class Admin {
      started = false;
      onStartup() {
        this.started = true;
      }
      @Tool() async purge() {
        return this.started ? "purged" : "not started";
      }
      @Resource({ uri: "admin://audit" }) async audit() {
        return "audit log";
      }
      @Prompt() async incident(summary: string) {
        return `Write an incident report: ${summary}`;
      }
    }
    const { client, app, close } = await createTestClient({ name: "t", services: [Base] });
    try {
      const tools = collectNotifications(client, "notifications/tools/list_changed");
      const resources = collectNotifications(client, "notifications/resources/list_changed");
      const prompts = collectNotifications(client, "notifications/prompts/list_changed");
      await app.addService(Admin);
      await Promise.all([tools.atLeast(1), resources.atLeast(1), prompts.atLeast(1)]);
      expect((await client.listTools()).tools.map((t) => t.name)).to.deep.equal(["ping", "purge"]);
      expect((await client.callTool({ name: "purge", arguments: {} })).content).to.deep.equal([{ type: "text", text: "purged" }]);
      expect((await client.listResources()).resources.map((r) => r.uri)).to.deep.equal(["admin://audit"]);
      expect((await client.listPrompts()).prompts.map((p) => p.name)).to.deep.equal(["incident"]);

      expect(app.removeService(Admin)).to.equal(true);
      await Promise.all([tools.atLeast(2), resources.atLeast(2), prompts.atLeast(2)]);
      expect((await client.listTools()).tools.map((t) => t.name)).to.deep.equal(["ping"]);
      const error = await client.callTool({ name: "purge", arguments: {} }).then(() => undefined, (e: { code: number; message: string }) => e);
      expect(error).to.include({ code: ProtocolErrorCode.InvalidParams });
      expect(error!.message).to.contain('Unknown tool "purge"');
      expect(app.removeService(Admin)).to.equal(false);
    } finally {
      await close();
    }
  });

  it("refuses a service whose names clash, changing nothing", async () => {
    @Service()
    class Clash {
      @Tool({ name: "ping" }) async otherPing() {
        return "other";
      }
      @Tool() async extra() {
        return "extra";
      }
    }
    const app = new McpApplication({ name: "t", services: [Base] });
    try {
      const error = await app.addService(Clash).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DuplicateNameError);
      expect((error as Error).message).to.contain('Duplicate tool "ping": declared by Base.ping and by Clash.otherPing');
      expect([...app.registry.tools.keys()]).to.deep.equal(["ping"]);
    } finally {
      await app.close();
    }
  });

  it("refuses to add a service twice", async () => {
    const app = new McpApplication({ name: "t", services: [Base] });
    try {
      const error = await app.addService(Base).catch((e: Error) => e);
      expect((error as Error).message).to.contain("Base is already served");
    } finally {
      await app.close();
    }
  });
});
