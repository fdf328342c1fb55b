import { randomUUID } from "node:crypto";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { inject, McpApplication, MySqlPool, rowsInKeyOrder, Service, Tool } from "../../../lib/index.js";
import { ServerQueryCounter, summarize, type BenchmarkStats } from "../../../lib/testing/index.js";
import type { User } from "../../flagship/domain.js";
import { MySqlShopStore } from "../../flagship/mysql-shop-store.js";
import { FLAGSHIP_SETTINGS } from "../../flagship/settings.js";
import { SHOP_STORE, type ShopStore } from "../../flagship/shop-store.js";
import { UserRepository } from "../../flagship/user-repository.js";
import type { BenchSuite } from "../bench-suite.js";

const MYSQL_URL = process.env.MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const CLIENTS = 100;
const CALLS_PER_CLIENT = 30;
const ROUNDS = 4;

/** The flagship's repository without `@Batched`: every findById is its own query. */
@Service()
export class UnbatchedUserRepository {
  constructor(@inject(SHOP_STORE) private readonly store: ShopStore) {}
  async findById(id: number): Promise<User | undefined> {
    return rowsInKeyOrder([id], await this.store.usersByIds([id]), (u) => u.id)[0];
  }
}

/** get_user as the flagship serves it, minus @Cached (cache hits would hide the database). */
@Service()
export class BatchedLookupTools {
  constructor(private readonly users: UserRepository) {}
  @Tool({ name: "get_user" })
  async getUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new Error(`No customer has id ${id}`);
    return user;
  }
}

@Service()
export class UnbatchedLookupTools {
  constructor(private readonly users: UnbatchedUserRepository) {}
  @Tool({ name: "get_user" })
  async getUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new Error(`No customer has id ${id}`);
    return user;
  }
}

/** The transport's floor: the same call with no database behind it. */
@Service()
export class FloorLookupTools {
  @Tool({ name: "get_user" })
  async getUser(id: number): Promise<User> {
    return { id, name: "", email: "", city: "", signedUpOn: "" };
  }
}

interface Side {
  label: string;
  app: McpApplication;
  pool: MySqlPool;
  clients: Client[];
  runs: BenchmarkStats[];
  calls: number;
  queries: number;
  maxWaiting: number;
}

async function side(label: string, tools: typeof BatchedLookupTools | typeof UnbatchedLookupTools | typeof FloorLookupTools, tablePrefix: string): Promise<Side> {
  const pool = new MySqlPool({ url: MYSQL_URL, name: `bench-${label}`, connectionLimit: 10, queueLimit: 1000 });
  const app = new McpApplication({
    name: `pools-bench-${label}`,
    services: [tools],
    pools: [pool],
    providers: [
      { provide: FLAGSHIP_SETTINGS, useValue: { tablePrefix, carrierTimeoutMs: 2000 } },
      { provide: SHOP_STORE, useFactory: (c) => c.resolve(MySqlShopStore) },
    ],
  });
  await app.start();
  const clients = await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await app.connect(serverTransport);
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(clientTransport);
    return client;
  }));
  return { label, app, pool, clients, runs: [], calls: 0, queries: 0, maxWaiting: 0 };
}

/** Every client calls get_user CALLS_PER_CLIENT times in a closed loop, all clients at once. */
async function round(s: Side, seed: number): Promise<BenchmarkStats> {
  const latencies: number[] = [];
  const watch = setInterval(() => void (s.maxWaiting = Math.max(s.maxWaiting, s.pool.health().waiting)), 5);
  const start = performance.now();
  try {
    await Promise.all(s.clients.map(async (client, c) => {
      for (let i = 0; i < CALLS_PER_CLIENT; i++) {
        const id = ((seed * 7919 + c * 31 + i * 17) % 500) + 1;
        const began = performance.now();
        const result = await client.callTool({ name: "get_user", arguments: { id } });
        latencies.push(performance.now() - began);
        if (result.isError) throw new Error(`get_user ${id} failed on the ${s.label} side: ${JSON.stringify(result.content)}`);
      }
    }));
  } finally {
    clearInterval(watch);
  }
  return summarize(latencies, performance.now() - start);
}

const median = (runs: BenchmarkStats[], pick: (s: BenchmarkStats) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;

export const poolsSuite: BenchSuite = {
  name: `pools: get_user over MySQL (MySqlPool, 10 connections) from ${CLIENTS} concurrent clients, with and without @Batched`,
  async unavailable() {
    const probe = new MySqlPool({ url: MYSQL_URL, connectTimeoutMs: 2000 });
    try {
      await probe.start();
      return undefined;
    } catch (error) {
      return `MariaDB is not reachable at ${probe.address} (${(error as Error).message})`;
    } finally {
      await probe.close();
    }
  },
  async run(report) {
    const tablePrefix = `mcpkit_bench_pools_${randomUUID().slice(0, 8)}_`;
    const sides = [await side("unbatched", UnbatchedLookupTools, tablePrefix), await side("batched", BatchedLookupTools, tablePrefix), await side("floor (no database)", FloorLookupTools, tablePrefix)];
    try {
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate which side goes first, so drift on the machine hits both alike; round 0 warms up.
        for (const s of r % 2 === 0 ? sides : [...sides].reverse()) {
          const counter = await ServerQueryCounter.start(s.pool.pool);
          const before = s.pool.health().operations;
          const stats = await round(s, r);
          if (r === 0) continue;
          s.runs.push(stats);
          s.calls += stats.calls;
          s.queries += await counter.count();
          if (s.label.startsWith("floor")) continue;
          if (s.pool.health().operations - before < 1) throw new Error("no query reached the pool");
        }
      }
      const [unbatched, batched, floor] = sides as [Side, Side, Side];
      for (const s of sides) {
        const best = [...s.runs].sort((a, b) => a.median - b.median)[Math.floor(s.runs.length / 2)]!;
        report.stats(`${s.label}: one get_user call`, { ...best, callsPerSecond: median(s.runs, (x) => x.callsPerSecond) });
        if (s !== floor) report.line(`${s.label}: ${s.queries} SELECTs on the server for ${s.calls} calls (${(s.queries / s.calls).toFixed(3)} per call); at most ${s.maxWaiting} callers waited for a connection`);
      }
      const throughput = (s: Side) => median(s.runs, (x) => x.callsPerSecond);
      report.ratio("batched/unbatched throughput (calls/s, medians)", throughput(batched), throughput(unbatched));
      report.ratio("batched/floor throughput (calls/s, medians)", throughput(batched), throughput(floor));
    } finally {
      for (const s of sides) {
        await Promise.all(s.clients.map((c) => c.close()));
        const pool = s.pool;
        if (s === sides[0]) await pool.update(`DROP TABLE IF EXISTS ${tablePrefix}users, ${tablePrefix}orders`).catch(() => undefined);
        await s.app.close();
      }
    }
  },
};
