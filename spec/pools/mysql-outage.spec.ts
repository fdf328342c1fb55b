import { expect } from "chai";
import { McpApplication, MySqlPool, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { MYSQL_URL, requireMariaDb } from "../support/services.js";
import { TcpProxy, mysqlUrlAt } from "./support.js";

function textOf(result: Record<string, unknown>): string {
  return (result.content as { text: string }[])[0]!.text;
}

describe("MySqlPool when the database comes and goes", function () {
  const target = new URL(MYSQL_URL);
  before(async function () {
    await requireMariaDb(this);
  });

  it("starts once the database comes up during the startup retries", async () => {
    const proxy = new TcpProxy(target.hostname, Number(target.port || 3306));
    await proxy.listen();
    const port = proxy.port;
    await proxy.close();
    let comingUp: Promise<number> | undefined;
    const pool = new MySqlPool({ url: mysqlUrlAt(port) });
    const app = new McpApplication({
      name: "late-db",
      services: [],
      pools: [pool],
      // The first attempt fails (nothing listens); the database "boots" before the second.
      startupRetry: { attempts: 3, initialDelayMs: 1, onRetry: () => void (comingUp ??= proxy.listen(port)) },
    });
    try {
      await app.start();
      expect(comingUp).to.not.equal(undefined);
      expect(pool.health()).to.include({ status: "up" });
    } finally {
      await app.close();
      await proxy.close();
    }
  });

  it("answers error results while the database is away and recovers when it returns", async () => {
    const proxy = new TcpProxy(target.hostname, Number(target.port || 3306));
    const port = await proxy.listen();
    const pool = new MySqlPool({ url: mysqlUrlAt(port), name: "users-db", connectionLimit: 3 });
    @Service()
    class Clock {
      constructor(private readonly db: MySqlPool) {}
      @Tool({ name: "db_answer" })
      async dbAnswer(): Promise<number> {
        const [row] = await this.db.query<{ n: number }>("SELECT 6 * 7 AS n");
        return row!.n;
      }
    }
    const { client, close } = await createTestClient({ name: "outage", services: [Clock], pools: [pool] });
    try {
      expect(textOf(await client.callTool({ name: "db_answer", arguments: {} }))).to.equal("42");
      await proxy.close();
      for (let i = 0; i < 3; i++) {
        const failed = await client.callTool({ name: "db_answer", arguments: {} });
        expect(failed.isError).to.equal(true);
        expect(textOf(failed)).to.match(new RegExp(`^MySQL pool "users-db" cannot reach 127\\.0\\.0\\.1:${port}/test\\. The call failed; calls succeed again once the service is back\\.\\n  Reason: `));
      }
      expect(pool.health()).to.include({ status: "down" });
      expect(pool.health().errors).to.be.at.least(3);
      await proxy.listen(port);
      const results = await Promise.all([1, 2, 3, 4].map(() => client.callTool({ name: "db_answer", arguments: {} })));
      expect(results.map(textOf)).to.deep.equal(["42", "42", "42", "42"]);
      expect(pool.health()).to.include({ status: "up" });
    } finally {
      await close();
      await proxy.close();
    }
  });
});
