import { expect } from "chai";
import type { LoggingMessageNotification } from "@modelcontextprotocol/client";
import { Cached, log, Prompt, Resource, Service, Tool } from "../../../lib/index.js";
import { createTestClient } from "../../../lib/testing/index.js";
import { collectNotifications } from "../support.js";

const LOG_LEVEL_META_KEY = "io.modelcontextprotocol/logLevel";

/** The params of the log messages received, as the wire carries them. */
const paramsOf = (logs: { received: LoggingMessageNotification[] }) => JSON.parse(JSON.stringify(logs.received.map((n) => n.params)));

describe("2026-07-28 basics, in memory", () => {
  describe("log()", () => {
    function chattyService() {
      @Service()
      class Chatty {
        @Tool() async run() {
          await log("debug", "fine detail");
          await log("info", "started", "chatty");
          await log("warning", { disk: "90%" });
          await log("error", "failed once");
          return "done";
        }
      }
      return Chatty;
    }

    it("sends nothing when the request names no log level", async () => {
      const { client, close } = await createTestClient({ name: "t", services: [chattyService()] }, { era: "modern" });
      try {
        expect(client.getProtocolEra()).to.equal("modern");
        const logs = collectNotifications<LoggingMessageNotification>(client, "notifications/message");
        const result = await client.callTool({ name: "run", arguments: {} });
        expect(result.content).to.deep.equal([{ type: "text", text: "done" }]);
        // Notifications precede their call's response on the connection: none came.
        expect(logs.received).to.deep.equal([]);
      } finally {
        await close();
      }
    });

    it("sends the messages at or above the level the request names in _meta, and only for that request", async () => {
      const { client, close } = await createTestClient({ name: "t", services: [chattyService()] }, { era: "modern" });
      try {
        const logs = collectNotifications<LoggingMessageNotification>(client, "notifications/message");
        await client.callTool({ name: "run", arguments: {}, _meta: { [LOG_LEVEL_META_KEY]: "warning" } });
        expect(paramsOf(logs)).to.deep.equal([{ level: "warning", data: { disk: "90%" } }, { level: "error", data: "failed once" }]);

        logs.received.length = 0;
        await client.callTool({ name: "run", arguments: {}, _meta: { [LOG_LEVEL_META_KEY]: "debug" } });
        expect(paramsOf(logs).map((p: { level: string }) => p.level)).to.deep.equal(["debug", "info", "warning", "error"]);
        expect(paramsOf(logs)[1]).to.deep.equal({ level: "info", data: "started", logger: "chatty" });

        // The level is per request: the next request without one hears nothing.
        logs.received.length = 0;
        await client.callTool({ name: "run", arguments: {} });
        expect(logs.received).to.deep.equal([]);
      } finally {
        await close();
      }
    });

    it("still sends every level to a 2025 client that set no level", async () => {
      const { client, close } = await createTestClient({ name: "t", services: [chattyService()] }, { era: "legacy" });
      try {
        const logs = collectNotifications<LoggingMessageNotification>(client, "notifications/message");
        await client.callTool({ name: "run", arguments: {} });
        expect(paramsOf(logs).map((p: { level: string }) => p.level)).to.deep.equal(["debug", "info", "warning", "error"]);
      } finally {
        await close();
      }
    });
  });

  describe("cache hints (ttlMs, cacheScope)", () => {
    function catalogueServices() {
      @Service()
      class Catalogue {
        @Tool() async ping() {
          return "pong";
        }

        @Resource({ uri: "catalogue://prices", mimeType: "application/json" })
        @Cached({ ttl: "5m", shared: true })
        async prices() {
          return { apple: 3 };
        }

        @Resource({ uri: "catalogue://basket", mimeType: "application/json" })
        @Cached({ ttl: "30s" })
        async basket() {
          return { items: 2 };
        }

        @Resource({ uri: "catalogue://now", mimeType: "text/plain" })
        async now() {
          return "no cache";
        }

        @Resource({ uriTemplate: "catalogue://items/{id}", mimeType: "application/json" })
        @Cached({ ttl: 2000, shared: true })
        async item(id: string) {
          return { id };
        }

        @Prompt() async describe(item: string) {
          return `Describe ${item}.`;
        }
      }
      return Catalogue;
    }

    type Raw = Record<string, unknown>;
    const LISTS = ["tools/list", "resources/list", "resources/templates/list", "prompts/list"] as const;

    it("are carried by every list result on 2026-07-28: public, with the application's listTtl (0 by default)", async () => {
      for (const [listTtl, ttlMs] of [[undefined, 0], ["2m", 120_000]] as const) {
        const { client, close } = await createTestClient({ name: "t", services: [catalogueServices()], listTtl }, { era: "modern" });
        try {
          for (const method of LISTS) {
            const raw = (await client.request({ method, params: {} })) as Raw;
            expect(raw, `${method} with listTtl ${listTtl}`).to.include({ ttlMs, cacheScope: "public" });
          }
        } finally {
          await close();
        }
      }
    });

    it("are not on 2025 list results", async () => {
      const { client, close } = await createTestClient({ name: "t", services: [catalogueServices()], listTtl: "2m" }, { era: "legacy" });
      try {
        for (const method of LISTS) {
          const raw = (await client.request({ method, params: {} })) as Raw;
          expect(raw, method).to.not.have.any.keys("ttlMs", "cacheScope");
        }
      } finally {
        await close();
      }
    });

    it("of resources/read follow @Cached on 2026-07-28: shared is public for its TTL, per caller is private, uncached is private and 0", async () => {
      const { client, close } = await createTestClient({ name: "t", services: [catalogueServices()] }, { era: "modern" });
      try {
        const read = async (uri: string) => (await client.request({ method: "resources/read", params: { uri } })) as Raw;
        expect(await read("catalogue://prices")).to.include({ ttlMs: 300_000, cacheScope: "public" });
        expect(await read("catalogue://basket")).to.include({ ttlMs: 30_000, cacheScope: "private" });
        expect(await read("catalogue://now")).to.include({ ttlMs: 0, cacheScope: "private" });
        expect(await read("catalogue://items/7")).to.include({ ttlMs: 2000, cacheScope: "public" });
        expect(((await read("catalogue://items/7")).contents as { text: string }[])[0]!.text).to.equal('{"id":"7"}');
      } finally {
        await close();
      }
    });

    it("are not on 2025 resources/read results", async () => {
      const { client, close } = await createTestClient({ name: "t", services: [catalogueServices()] }, { era: "legacy" });
      try {
        for (const uri of ["catalogue://prices", "catalogue://basket", "catalogue://now", "catalogue://items/7"]) {
          const raw = (await client.request({ method: "resources/read", params: { uri } })) as Raw;
          expect(raw, uri).to.not.have.any.keys("ttlMs", "cacheScope");
          expect(raw.contents).to.have.length(1);
        }
      } finally {
        await close();
      }
    });
  });
});
