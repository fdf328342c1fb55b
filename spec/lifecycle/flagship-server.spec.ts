import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { MySqlPool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { createFlagshipApplication } from "../../samples/flagship/flagship-application.js";
import { SEED_ORDERS } from "../../samples/flagship/seed-data.js";
import { MYSQL_URL, REDIS_URL, requireMariaDb, requireRedis } from "../support/services.js";

type Result = Record<string, unknown>;
const textOf = (result: Result) => (result.content as { text: string }[])[0]!.text;

describe("Flagship server", function () {
  describe("with the embedded data set", () => {
    it("serves every tool, the resource template, the prompt and health, with no services", async () => {
      const { client, close } = await createTestClient(createFlagshipApplication({ env: {} }));
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name).sort()).to.deep.equal(["export_orders", "get_user", "get_users", "search_users", "track_order"]);
        expect(JSON.parse(textOf(await client.callTool({ name: "get_user", arguments: { id: 1 } })))).to.include({ id: 1 });
        const many = (await client.callTool({ name: "get_users", arguments: { ids: [3, 9999, 1] } })).structuredContent as { users: { id: number }[]; missing: number[] };
        expect(many.users.map((u) => u.id)).to.deep.equal([3, 1]);
        expect(many.missing).to.deep.equal([9999]);
        const found = JSON.parse(textOf(await client.callTool({ name: "search_users", arguments: { text: "hopper", limit: 3 } }))) as { name: string }[];
        expect(found).to.have.length(3);
        for (const user of found) expect(user.name).to.match(/Hopper/);
        const missing = await client.callTool({ name: "get_user", arguments: { id: 100000 } });
        expect(missing.isError).to.equal(true);
        expect(textOf(missing)).to.include("No customer has id 100000");
        const { resourceTemplates } = await client.listResourceTemplates();
        expect(resourceTemplates.map((t) => t.uriTemplate)).to.include("users://{id}");
        const profile = JSON.parse(((await client.readResource({ uri: "users://7" })).contents[0] as { text: string }).text);
        expect(profile.id).to.equal(7);
        expect(profile.latestOrders.length).to.be.at.most(5);
        const unknown = (await client.readResource({ uri: "users://100000" }).catch((error: unknown) => error)) as { code: number; data: unknown; message: string };
        expect(unknown.code).to.equal(-32602);
        expect(unknown.data).to.deep.equal({ uri: "users://100000" });
        expect(unknown.message).to.include("No customer has id 100000");
        const prompt = await client.getPrompt({ name: "customer_summary", arguments: { id: "7" } });
        expect((prompt.messages[0]!.content as { text: string }).text).to.include("users://7");
        const health = JSON.parse(((await client.readResource({ uri: "health://server" })).contents[0] as { text: string }).text);
        expect(health.pools.map((p: { name: string }) => p.name)).to.deep.equal(["carrier"]);
      } finally {
        await close();
      }
    });

    it("tracks a parcel through the HTTP pool, and times out a carrier that never answers", async () => {
      const app = createFlagshipApplication({ env: {}, settings: { carrierTimeoutMs: 100 } });
      const { client, close } = await createTestClient(app);
      try {
        const tracked = (await client.callTool({ name: "track_order", arguments: { orderId: 12 } })).structuredContent as { order: { tracking: string }; parcel: { tracking: string } };
        expect(tracked.parcel.tracking).to.equal(tracked.order.tracking);
        const slow = await client.callTool({ name: "track_order", arguments: { orderId: 13 } });
        expect(slow.isError).to.equal(true);
        expect(textOf(slow)).to.match(/^HTTP pool "carrier": GET http:\/\/127\.0\.0\.1:\d+\/parcels\/PX00000013 was aborted because it timed out after 100 ms\.$/);
        expect(app.health().pools[0]).to.include({ name: "carrier", aborted: 1 });
      } finally {
        await close();
      }
    });

    it("streams the order export page by page as progress, and returns the whole CSV", async () => {
      const { client, close } = await createTestClient(createFlagshipApplication({ env: {} }));
      try {
        const pages: string[] = [];
        const result = await client.callTool({ name: "export_orders", arguments: { status: "all" } }, { onprogress: (p) => void pages.push(p.message ?? "") });
        const lines = textOf(result).trimEnd().split("\n");
        expect(lines[0]).to.equal("id,user_id,placed_on,status,total_cents,tracking");
        expect(lines).to.have.length(SEED_ORDERS + 1);
        expect(pages).to.have.length(1 + SEED_ORDERS / 500);
        const shipped = textOf(await client.callTool({ name: "export_orders", arguments: { status: "shipped" } })).trimEnd().split("\n").slice(1);
        expect(shipped.length).to.be.greaterThan(0);
        for (const line of shipped) expect(line.split(",")[3]).to.equal("shipped");
      } finally {
        await close();
      }
    });
  });

  describe("with MYSQL_URL", function () {
    const prefix = `flagship_spec_${randomUUID().slice(0, 8)}_`;
    before(async function () {
      await requireMariaDb(this);
    });
    after(async () => {
      const db = new MySqlPool({ url: MYSQL_URL });
      await db.update(`DROP TABLE IF EXISTS ${prefix}users, ${prefix}orders`).catch(() => undefined);
      await db.close();
    });

    it("creates and seeds its tables idempotently, and answers concurrent get_user calls with one query", async () => {
      for (let run = 0; run < 2; run++) {
        const app = createFlagshipApplication({ env: { MYSQL_URL }, settings: { tablePrefix: prefix } });
        const { client, close } = await createTestClient(app);
        try {
          const db = app.resolve(MySqlPool);
          const [counts] = await db.query<{ users: number; orders: number }>(`SELECT (SELECT COUNT(*) FROM ${prefix}users) AS users, (SELECT COUNT(*) FROM ${prefix}orders) AS orders`);
          expect({ users: Number(counts!.users), orders: Number(counts!.orders) }).to.deep.equal({ users: 500, orders: SEED_ORDERS });
          const before = db.health().operations;
          const ids = Array.from({ length: 20 }, (_, i) => 100 + i + run * 20);
          const results = await Promise.all(ids.map((id) => client.callTool({ name: "get_user", arguments: { id } })));
          expect(results.map((r) => JSON.parse(textOf(r)).id)).to.deep.equal(ids);
          expect(db.health().operations - before).to.equal(1);
          const memory = createFlagshipApplication({ env: {} });
          const { client: reference, close: closeReference } = await createTestClient(memory);
          try {
            const args = { text: "lovelace", limit: 5 };
            expect(textOf(await client.callTool({ name: "search_users", arguments: args }))).to.equal(textOf(await reference.callTool({ name: "search_users", arguments: args })));
          } finally {
            await closeReference();
          }
        } finally {
          await close();
        }
      }
    });
  });

  describe("with REDIS_URL", function () {
    before(async function () {
      await requireRedis(this);
    });

    it("keeps @Cached results in Redis through the application's one Redis connection", async () => {
      const admin = new Redis(REDIS_URL);
      const app = createFlagshipApplication({ env: { REDIS_URL } });
      const { client, close } = await createTestClient(app);
      try {
        const id = 400 + Math.floor(Math.random() * 100);
        await client.callTool({ name: "get_user", arguments: { id } });
        const keys = await admin.keys("mcpkit:shop:*");
        expect(keys.some((k) => k.includes("getUser"))).to.equal(true);
        expect(app.health().pools.map((p) => `${p.kind}:${p.status}`)).to.deep.equal(["redis:up", "http:up"]);
      } finally {
        await close();
        admin.disconnect();
      }
    });
  });
});
