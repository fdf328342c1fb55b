import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { Histogram } from "@opentelemetry/sdk-metrics";
import { Batched, Cached, HttpPool, MySqlPool, Service, Timeout, Tool, rowsInKeyOrder } from "../../lib/index.js";
import { createTestClient, type TestClient } from "../../lib/testing/index.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { childrenOf, histogramOf, recordTelemetry, valueOf, type RecordedTelemetry } from "./support.js";

describe("telemetry: pool spans", () => {
  let telemetry: RecordedTelemetry;
  beforeEach(() => (telemetry = recordTelemetry()));
  afterEach(() => telemetry.shutdown());

  describe("MySQL (MariaDB)", function () {
    const table = `otel_users_${randomUUID().slice(0, 8)}`;
    let setup: MySqlPool;

    before(async function () {
      await requireMariaDb(this);
      setup = new MySqlPool({ url: MYSQL_URL });
      await setup.update(`CREATE TABLE ${table} (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`);
      await setup.update(`INSERT INTO ${table} (id, name) VALUES ?`, [[[1, "Ada"], [2, "Grace"], [3, "Edsger"]]]);
    });
    after(async () => {
      if (!setup) return;
      await setup.update(`DROP TABLE IF EXISTS ${table}`);
      await setup.close();
    });

    @Service()
    class UserRepository {
      constructor(private readonly db: MySqlPool) {}

      @Batched({ batch: "findByIds" })
      async findById(id: number) {
        return (await this.findByIds([id]))[0];
      }

      async findByIds(ids: readonly number[]) {
        return rowsInKeyOrder(ids, await this.db.query<{ id: number; name: string }>(`SELECT id, name FROM ${table} WHERE id IN (?)`, [ids]), (u) => u.id);
      }
    }

    @Service()
    class UserTools {
      constructor(
        private readonly users: UserRepository,
        private readonly db: MySqlPool,
      ) {}

      @Tool()
      @Cached({ ttl: "1m", shared: true })
      async getUser(id: number) {
        return this.users.findById(id);
      }

      @Tool()
      @Timeout(150)
      async report(marker: string) {
        return this.db.query("SELECT ? AS marker, SLEEP(30)", [marker]);
      }
    }

    let test: TestClient;
    beforeEach(async () => {
      test = await createTestClient({ name: "t", services: [UserTools], pools: [new MySqlPool({ url: MYSQL_URL, name: "shop-db" })], telemetry: telemetry.options });
    });
    afterEach(() => test.close());

    it("a batched miss: one SELECT under the batch span, after its wait for a connection", async () => {
      await Promise.all([1, 2, 3].map((id) => test.client.callTool({ name: "getUser", arguments: { id } })));
      const spans = telemetry.spans();
      const batch = telemetry.span("batch UserRepository.findByIds");
      expect(childrenOf(spans, batch).map((s) => s.name)).to.deep.equal(["pool.acquire shop-db", "SELECT test"]);
      const select = telemetry.span("SELECT test");
      expect(select.kind).to.equal(SpanKind.CLIENT);
      expect(select.attributes).to.deep.include({ "db.system.name": "mysql", "db.operation.name": "SELECT", "db.namespace": "test", "server.address": "127.0.0.1", "server.port": 3306, "mcpkit.pool.name": "shop-db" });
      expect(JSON.stringify(select.attributes), "no statement text, no values").not.to.match(/Ada|WHERE|IN \(/);
      expect(telemetry.span("pool.acquire shop-db").attributes).to.include({ "mcpkit.pool.name": "shop-db", "mcpkit.pool.kind": "mysql" });
      const waits = histogramOf(await telemetry.points<Histogram>("mcpkit.pool.wait_time"), { "mcpkit.pool.name": "shop-db" });
      expect(waits?.count).to.equal(1);
      const connections = await telemetry.points("mcpkit.pool.connections");
      expect(valueOf(connections, { "mcpkit.pool.name": "shop-db", "mcpkit.pool.connection.state": "used" })).to.equal(0);
      expect(valueOf(connections, { "mcpkit.pool.name": "shop-db", "mcpkit.pool.connection.state": "idle" })).to.be.at.least(1);
    });

    it("a query killed by @Timeout: the timeout on the call's span, the kill on the statement's", async () => {
      const result = await test.client.callTool({ name: "report", arguments: { marker: randomUUID() } });
      expect(result.isError).to.equal(true);
      // The call answers at its deadline; the statement's span ends once the server has really stopped it.
      const select = await telemetry.ended("SELECT test");
      const call = telemetry.span("tools/call report");
      expect(call.attributes["error.type"]).to.equal("tool_error");
      expect(call.events.find((e) => e.name === "mcpkit.timeout")?.attributes).to.deep.equal({ "mcpkit.timeout.method": "UserTools.report", "mcpkit.timeout.limit_ms": 150 });
      expect(childrenOf(telemetry.spans(), call).map((s) => s.name)).to.deep.equal(["pool.acquire shop-db", "SELECT test"]);
      expect(select.attributes["error.type"]).to.equal("QueryKilledError");
      expect(select.status.code).to.equal(SpanStatusCode.ERROR);
      expect(select.status.message).to.match(/query killed on the server \(KILL QUERY \d+\)/);
      const killed = select.events.find((e) => e.name === "mcpkit.query.killed");
      expect(killed?.attributes?.["mcpkit.query.thread_id"]).to.be.a("number");
    });
  });

  describe("HTTP", () => {
    let upstream: Server;
    let base: string;
    const seen: IncomingHttpHeaders[] = [];

    before(async () => {
      upstream = createServer((request, response) => {
        seen.push(request.headers);
        if (request.url === "/parcels/PX1") response.writeHead(200, { "content-type": "application/json" }).end('{"status":"shipped"}');
        else response.writeHead(404).end("no such parcel");
      });
      upstream.listen(0, "127.0.0.1");
      await once(upstream, "listening");
      base = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/`;
    });
    after(() => upstream.close());

    @Service()
    class Parcels {
      constructor(private readonly http: HttpPool) {}

      @Tool()
      async track(code: string) {
        return this.http.getJson(`/parcels/${code}`, { headers: { accept: "application/json" } });
      }
    }

    it("a request is a CLIENT span with method, host, port and status, and carries the trace to the upstream", async () => {
      seen.length = 0;
      const { client, close } = await createTestClient({ name: "t", services: [Parcels], pools: [new HttpPool({ name: "carrier", baseUrl: base })], telemetry: telemetry.options });
      await client.callTool({ name: "track", arguments: { code: "PX1" } });
      await close();
      const get = telemetry.span("GET");
      expect(get.kind).to.equal(SpanKind.CLIENT);
      expect(get.attributes).to.deep.include({ "http.request.method": "GET", "server.address": "127.0.0.1", "server.port": Number(new URL(base).port), "http.response.status_code": 200, "mcpkit.pool.name": "carrier" });
      expect(get.parentSpanContext?.spanId).to.equal(telemetry.span("tools/call track").spanContext().spanId);
      const { traceId, spanId } = get.spanContext();
      expect(seen[0]!.traceparent).to.equal(`00-${traceId}-${spanId}-01`);
    });

    it("an error status is the request span's error.type", async () => {
      const { client, close } = await createTestClient({ name: "t", services: [Parcels], pools: [new HttpPool({ name: "carrier", baseUrl: base })], telemetry: telemetry.options });
      const result = await client.callTool({ name: "track", arguments: { code: "PX404" } });
      await close();
      expect(result.isError).to.equal(true);
      expect(telemetry.span("GET").attributes).to.include({ "http.response.status_code": 404, "error.type": "404" });
      expect(telemetry.span("tools/call track").events.find((e) => e.name === "exception")?.attributes?.["exception.type"]).to.equal("HttpStatusError");
    });
  });
});
