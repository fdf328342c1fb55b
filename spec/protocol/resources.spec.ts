import { expect } from "chai";
import type { ResourceUpdatedNotification } from "@modelcontextprotocol/client";
import { Resource, resourceUpdated, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { collectNotifications } from "./support.js";

@Service()
class Files {
  settings = "mode=fast";

  @Resource({ uri: "config://settings", description: "Settings", mimeType: "text/plain" })
  async readSettings() {
    return this.settings;
  }

  @Resource({ uri: "files://logo.png", mimeType: "image/png" })
  async logo() {
    return new Uint8Array([137, 80, 78, 71]);
  }

  @Resource({ uriTemplate: "orders://{id}/lines/{line}", mimeType: "application/json" })
  async orderLine(id: number, line: string) {
    return { id, idType: typeof id, line };
  }

  @Resource({ uriTemplate: "flags://{name}/{enabled}" })
  async flag(name: string, enabled: boolean) {
    return `${name}=${enabled === true ? "on" : "off"}`;
  }

  @Tool() async updateSettings(value: string) {
    this.settings = value;
    resourceUpdated("config://settings");
    return "saved";
  }
}

describe("resources", () => {
  it("lists static resources and templates and reads text and binary contents", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Files] });
    try {
      expect((await client.listResources()).resources.map((r) => r.uri)).to.deep.equal(["config://settings", "files://logo.png"]);
      expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).to.deep.equal(["orders://{id}/lines/{line}", "flags://{name}/{enabled}"]);
      expect(await client.readResource({ uri: "config://settings" })).to.deep.equal({ contents: [{ uri: "config://settings", mimeType: "text/plain", text: "mode=fast" }] });
      expect(await client.readResource({ uri: "files://logo.png" })).to.deep.equal({ contents: [{ uri: "files://logo.png", mimeType: "image/png", blob: Buffer.from([137, 80, 78, 71]).toString("base64") }] });
    } finally {
      await close();
    }
  });

  it("passes template variables converted to the parameters' declared types", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Files] });
    try {
      const read = await client.readResource({ uri: "orders://42/lines/a7" });
      expect(JSON.parse((read.contents[0] as { text: string }).text)).to.deep.equal({ id: 42, idType: "number", line: "a7" });
      expect((await client.readResource({ uri: "flags://beta/true" })).contents[0]).to.include({ text: "beta=on" });
    } finally {
      await close();
    }
  });

  it("refuses a variable that does not convert, naming it", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Files] });
    try {
      const error = await client.readResource({ uri: "orders://abc/lines/1" }).catch((e: Error) => e);
      expect((error as Error).message).to.contain('variable "id" must be a number, got "abc"');
      const flagError = await client.readResource({ uri: "flags://beta/maybe" }).catch((e: Error) => e);
      expect((flagError as Error).message).to.contain('variable "enabled" must be true or false');
    } finally {
      await close();
    }
  });

  it("answers an unknown URI with resource-not-found", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Files] });
    try {
      const error = await client.readResource({ uri: "nothing://here" }).catch((e: { code: number; message: string; data: unknown }) => e);
      expect(error).to.include({ code: -32602 });
      expect(error.data).to.deep.equal({ uri: "nothing://here" });
      expect(error.message).to.match(/^Resource not found: "nothing:\/\/here"/);
      const subscribeError = await client.subscribeResource({ uri: "nothing://here" }).catch((e: { code: number }) => e);
      expect(subscribeError).to.include({ code: -32602 });
    } finally {
      await close();
    }
  });

  it("notifies subscribed clients only, until they unsubscribe", async () => {
    const app = { name: "t", services: [Files] };
    const subscriber = await createTestClient(app);
    try {
      const updates = collectNotifications<ResourceUpdatedNotification>(subscriber.client, "notifications/resources/updated");
      await subscriber.client.subscribeResource({ uri: "config://settings" });
      await subscriber.client.subscribeResource({ uri: "orders://1/lines/1" });

      await subscriber.client.callTool({ name: "updateSettings", arguments: { value: "mode=safe" } });
      await updates.atLeast(1);
      expect(updates.received[0]!.params).to.deep.equal({ uri: "config://settings" });
      expect((await subscriber.client.readResource({ uri: "config://settings" })).contents[0]).to.include({ text: "mode=safe" });

      await subscriber.client.unsubscribeResource({ uri: "config://settings" });
      subscriber.app.notifyResourceUpdated("config://settings");
      subscriber.app.notifyResourceUpdated("orders://1/lines/1");
      await updates.atLeast(2);
      // Sent in order on one connection: had the unsubscribed URI been sent, it would be second.
      expect(updates.received.map((n) => n.params.uri)).to.deep.equal(["config://settings", "orders://1/lines/1"]);
    } finally {
      await subscriber.close();
    }
  });
});
