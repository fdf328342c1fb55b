import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import mysql, { type Pool, type RowDataPacket } from "mysql2/promise";
import { Batched, McpApplication, Service, Tool } from "../../../lib/index.js";
import { ServerQueryCounter, benchmark, type BenchmarkStats } from "../../../lib/testing/index.js";
import type { BenchSuite } from "../bench-suite.js";

const MYSQL_URL = process.env.MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const CONCURRENT = 100;
const ROWS = 1000;

interface User {
  id: number;
  name: string;
}

/** The repository; each side gets its own pool, so each side's queries are counted apart. */
function services(pool: Pool, table: string, batched: boolean) {
  class Users {
    async findById(id: number): Promise<User | undefined> {
      const [rows] = await pool.query<RowDataPacket[]>(`SELECT id, name FROM ${table} WHERE id = ?`, [id]);
      return rows[0] as User | undefined;
    }

    async findByIds(ids: number[]): Promise<User[]> {
      const [rows] = await pool.query<RowDataPacket[]>(`SELECT id, name FROM ${table} WHERE id IN (?)`, [ids]);
      return rows as User[];
    }
  }
  /** The same repository with concurrent lookups combined into one `WHERE id IN (?)`. */
  class BatchedUsers extends Users {
    @Batched({ batch: "findByIds", keyOf: (u: User) => u.id })
    override async findById(id: number): Promise<User | undefined> {
      return super.findById(id);
    }
  }
  @Service()
  class UserTools {
    constructor(private readonly users: Users) {}
    @Tool()
    async getUser(id: number) {
      const user = await this.users.findById(id);
      if (!user) throw new Error(`No user ${id}`);
      return user;
    }

    /** The transport's floor: a tool call that does no lookup. */
    @Tool()
    async ping(id: number) {
      return { id, name: "" };
    }
  }
  return { repository: Users, options: { services: [UserTools], providers: batched ? [{ provide: Users, useClass: BatchedUsers }] : [] } };
}

async function connect(app: McpApplication): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport);
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}

const idAt = (round: number, i: number) => ((round * CONCURRENT + i) % ROWS) + 1;

/** One round: 100 concurrent single-id lookups, each a tool call. */
function toolRound(client: Client, tool = "getUser") {
  return async (index: number) => {
    const calls = Array.from({ length: CONCURRENT }, (_, i) => client.callTool({ name: tool, arguments: { id: idAt(index, i) } }));
    for (const result of await Promise.all(calls)) if (result.isError) throw new Error(`lookup failed: ${JSON.stringify(result.content)}`);
  };
}

/** One round: 100 concurrent `findById` calls on the repository itself. */
function repositoryRound(repository: { findById(id: number): Promise<User | undefined> }) {
  return async (index: number) => {
    const users = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => repository.findById(idAt(index, i))));
    if (users.some((u, i) => u?.id !== idAt(index, i))) throw new Error("a lookup returned the wrong row");
  };
}

const medianRun = (list: BenchmarkStats[]) => [...list].sort((a, b) => a.median - b.median)[Math.floor(list.length / 2)]!;

export const batchSuite: BenchSuite = {
  name: `batch: ${CONCURRENT} concurrent single-id lookups against MariaDB, with and without @Batched`,
  async unavailable() {
    try {
      const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 2000 });
      await connection.end();
      return undefined;
    } catch (error) {
      return `MariaDB is not reachable at ${MYSQL_URL} (${(error as Error).message})`;
    }
  },
  async run(report) {
    const table = `mcpkit_bench_batch_${process.pid}`;
    const admin = await mysql.createConnection({ uri: MYSQL_URL });
    await admin.query(`CREATE TABLE IF NOT EXISTS ${table} (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`);
    await admin.query(`INSERT IGNORE INTO ${table} (id, name) VALUES ?`, [Array.from({ length: ROWS }, (_, i) => [i + 1, `user ${i + 1}`])]);
    const sides = { unbatched: false, batched: true } as const;
    const setups = await Promise.all(
      Object.entries(sides).map(async ([label, batched]) => {
        const pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 10 });
        const { repository, options } = services(pool, table, batched);
        const app = new McpApplication({ name: `bench-${label}`, ...options });
        const client = await connect(app);
        return { label, pool, app, client, repository: app.resolve(repository), tool: [] as BenchmarkStats[], repo: [] as BenchmarkStats[], floor: [] as BenchmarkStats[], queries: 0, rounds: 0 };
      }),
    );
    try {
      const iterations = 50;
      for (let r = 0; r < 4; r++) {
        for (const side of r % 2 === 0 ? setups : [...setups].reverse()) {
          const warmup = r === 0 ? 3 : 0;
          const counter = await ServerQueryCounter.start(side.pool);
          side.tool.push(await benchmark(toolRound(side.client), { iterations, warmup }));
          side.repo.push(await benchmark(repositoryRound(side.repository), { iterations, warmup }));
          side.queries += await counter.count();
          side.rounds += 2 * (iterations + warmup);
          side.floor.push(await benchmark(toolRound(side.client, "ping"), { iterations, warmup }));
        }
      }
      const [unbatched, batched] = setups as [(typeof setups)[number], (typeof setups)[number]];
      const [ur, br] = [medianRun(unbatched.repo), medianRun(batched.repo)];
      const [ut, bt] = [medianRun(unbatched.tool), medianRun(batched.tool)];
      const floor = medianRun([...unbatched.floor, ...batched.floor]);
      report.line(`repository level: ${CONCURRENT} concurrent findById calls per round`);
      report.stats("unbatched repository, per round", ur);
      report.stats("batched repository, per round", br);
      // Throughput of a round is 100 lookups / its duration; medians, since a busy machine adds rare long pauses.
      report.ratio("batched/unbatched throughput (repository, medians)", ur.median, br.median, ">= 5");
      report.ratio("batched/unbatched throughput (repository, means)", ur.mean, br.mean);
      report.line(`end to end: ${CONCURRENT} concurrent get_user tool calls per round (in-memory transport)`);
      report.stats("unbatched tool calls, per round", ut);
      report.stats("batched tool calls, per round", bt);
      report.stats("floor: trivial tool calls, per round", floor);
      report.ratio("batched/unbatched throughput (tool calls, medians)", ut.median, bt.median);
      report.ratio("batched/unbatched throughput (tool calls, means)", ut.mean, bt.mean);
      report.ratio("batched tool round/floor round (median)", bt.median, floor.median);
      report.line(`lookups/s end to end (median rounds): unbatched ${((CONCURRENT / ut.median) * 1000).toFixed(0)}, batched ${((CONCURRENT / bt.median) * 1000).toFixed(0)}`);
      report.line(`queries the server received: unbatched ${unbatched.queries} for ${unbatched.rounds} rounds, batched ${batched.queries} for ${batched.rounds} rounds`);
      report.ratio("batched queries per round", batched.queries, batched.rounds, "1");
    } finally {
      for (const side of setups) {
        await side.client.close();
        await side.app.close();
        await side.pool.end();
      }
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      await admin.end();
    }
  },
};
