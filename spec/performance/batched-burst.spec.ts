import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { DatabaseUserCounter } from "../../lib/testing/index.js";
import { startHttpProcess, type HttpProcess } from "../protocol/eras/support.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { HttpPoster, sendWhilePaused, StdioProcess, type HttpAnswer } from "./support/server-process.js";
import { MODERN_META } from "../support/modern-meta.js";

const FLAGSHIP = fileURLToPath(new URL("../../samples/flagship/main.js", import.meta.url));
const BURST = 100;

/** The customer a get_user answer carries (its text is the user's JSON). */
function customerId(message: { result?: unknown; error?: unknown } | undefined): number | undefined {
  const result = message?.result as { content?: { text: string }[]; isError?: boolean } | undefined;
  if (!result || result.isError) return undefined;
  return (JSON.parse(result.content![0]!.text) as { id: number }).id;
}

/** Ids no earlier call of the same process asked for: get_user is @Cached, a repeat would not query. */
const idsFrom = (first: number) => Array.from({ length: BURST }, (_, i) => first + i);

// The flagship's own process, on MariaDB as a user of its own: the server's per-user statistics count
// every SELECT it sends and nothing else. Each burst is sent while the process is stopped, so it finds
// all 100 calls waiting at once (as after a pause, or from a client faster than the server), whatever
// the load on the machine: @Batched sends the first call's batch at once and the rest as one more.
describe("@Batched against a burst of 100 get_user calls to the flagship process (MariaDB)", function () {
  this.timeout(30_000);
  let user: DatabaseUserCounter;
  const env = () => ({ ...process.env, MYSQL_URL: user.url, REDIS_URL: "", CARRIER_API_URL: "" });

  before(async function () {
    await requireMariaDb(this);
    user = await DatabaseUserCounter.create(MYSQL_URL);
  });
  after(async () => {
    await user?.drop();
  });

  it("over stdio reaches the database as at most 2 queries, each caller getting its own customer", async () => {
    const server = await StdioProcess.start(FLAGSHIP, env());
    try {
      const warm = await server.request({ jsonrpc: "2.0", id: "warm", method: "tools/call", params: { name: "get_user", arguments: { id: 500 } } });
      expect(customerId(warm)).to.equal(500);
      const ids = idsFrom(1);
      const before = await user.selects();
      const answers = ids.map((id) => server.answerTo(id));
      await sendWhilePaused(server.child, () => server.write(ids.map((id) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "get_user", arguments: { id } } }))));
      expect((await Promise.all(answers)).map(customerId)).to.deep.equal(ids);
      expect((await user.selects()) - before).to.be.within(1, 2);
    } finally {
      await server.close();
    }
  });

  describe("over Streamable HTTP, 100 kept-alive connections", () => {
    let server: HttpProcess;
    let poster: HttpPoster;

    before(async () => {
      server = await startHttpProcess(FLAGSHIP, ["--http", "--port", "0"], env());
      poster = new HttpPoster(server.url);
      await poster.openConnections(BURST);
    });
    after(async () => {
      poster?.close();
      await server?.stop();
    });

    /** Sends the burst while the server is stopped; returns the answers and the SELECTs it took. */
    async function burst(ids: number[], headers: Record<string, string>, meta?: object): Promise<{ answers: HttpAnswer[]; queries: number }> {
      const before = await user.selects();
      const posts = ids.map((id) => poster.post({ ...headers }, { jsonrpc: "2.0", id, method: "tools/call", params: { name: "get_user", arguments: { id }, ...(meta && { _meta: meta }) } }));
      await sendWhilePaused(server.child, async () => void (await Promise.all(posts.map((p) => p.sent))));
      const answers = await Promise.all(posts.map((p) => p.answer));
      return { answers, queries: (await user.selects()) - before };
    }

    it("2025-11-25 (a session) reaches the database as at most 2 queries", async () => {
      const init = await poster.post({}, { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } }).answer;
      const session = { "mcp-session-id": String(init.headers["mcp-session-id"]), "mcp-protocol-version": "2025-11-25" };
      expect((await poster.post(session, { jsonrpc: "2.0", method: "notifications/initialized" }).answer).status).to.equal(202);
      const ids = idsFrom(101);
      const { answers, queries } = await burst(ids, session);
      expect(answers.map((a) => customerId(a.message))).to.deep.equal(ids);
      expect(queries).to.be.within(1, 2);
    });

    it("2026-07-28 (stateless) reaches the database as at most 2 queries", async () => {
      const ids = idsFrom(201);
      const { answers, queries } = await burst(ids, { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "get_user" }, MODERN_META);
      expect(answers.map((a) => customerId(a.message))).to.deep.equal(ids);
      expect(queries).to.be.within(1, 2);
    });
  });
});
