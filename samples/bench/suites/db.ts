import { randomUUID } from "node:crypto";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import mysql from "mysql2/promise";
import { Batched, Cached, inject, McpApplication, MySqlPool, rowsInKeyOrder, Service, Tool, type Provider } from "../../../lib/index.js";
import { DatabaseUserCounter, summarize, type BenchmarkStats } from "../../../lib/testing/index.js";
import type { User } from "../../flagship/domain.js";
import { MySqlShopStore } from "../../flagship/mysql-shop-store.js";
import { FLAGSHIP_SETTINGS } from "../../flagship/settings.js";
import { SHOP_STORE, type ShopStore } from "../../flagship/shop-store.js";
import { UserRepository } from "../../flagship/user-repository.js";
import type { BenchReport, BenchSuite } from "../bench-suite.js";
import { BatchedLookupTools, UnbatchedLookupTools } from "./pools.js";

const MYSQL_URL = process.env.MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const CALLERS = 100;
const CALLS_PER_CALLER = 10;
const LONE_CALLS = 400;
/** Round 0 warms up and is not reported. */
const ROUNDS = 5;
const USERS = 500;

/** get_user behind `@Cached` (long enough to last the run, so every measured call is a hit). */
@Service()
export class CachedLookupTools {
  constructor(private readonly users: UserRepository) {}
  @Tool({ name: "get_user" })
  @Cached({ ttl: "1h", shared: true })
  async getUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new Error(`No customer has id ${id}`);
    return user;
  }
}

/** The flagship's repository with an opt-in fixed 2 ms window instead of adaptive batching. */
@Service()
export class WindowedUserRepository {
  constructor(@inject(SHOP_STORE) private readonly store: ShopStore) {}
  @Batched({ batch: "findByIds", maxBatchSize: 500, window: "2ms" })
  async findById(id: number): Promise<User | undefined> {
    return (await this.findByIds([id]))[0];
  }

  async findByIds(ids: readonly number[]): Promise<(User | undefined)[]> {
    return rowsInKeyOrder(ids, await this.store.usersByIds(ids), (user) => user.id);
  }
}

/** get_user on the repository with the fixed window. */
@Service()
export class WindowedLookupTools {
  constructor(private readonly users: WindowedUserRepository) {}
  @Tool({ name: "get_user" })
  async getUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new Error(`No customer has id ${id}`);
    return user;
  }
}

/** The users table read over a new connection for every query: what a server without a pool does. */
class NewConnectionUsers implements Pick<ShopStore, "usersByIds"> {
  constructor(private readonly url: string, private readonly table: string) {}
  async usersByIds(ids: readonly number[]): Promise<User[]> {
    const connection = await mysql.createConnection({ uri: this.url });
    try {
      const [rows] = await connection.query(`SELECT id, name, email, city, DATE_FORMAT(signed_up_on, '%Y-%m-%d') AS signedUpOn FROM ${this.table} WHERE id IN (?)`, [ids]);
      return rows as User[];
    } finally {
      await connection.end();
    }
  }
}

interface SideSpec {
  label: string;
  tools: Function;
  /** Reads users over a new connection per query instead of the pool. */
  newConnections?: boolean;
}

const SIDES = {
  cached: { label: "@Cached, every call a hit", tools: CachedLookupTools },
  batched: { label: "@Batched (adaptive), no cache", tools: BatchedLookupTools },
  unbatched: { label: "no @Batched, pooled", tools: UnbatchedLookupTools },
  newConnection: { label: "no @Batched, a new connection per call", tools: UnbatchedLookupTools, newConnections: true },
  windowed: { label: "@Batched, window 2ms", tools: WindowedLookupTools },
} satisfies Record<string, SideSpec>;
type SideName = keyof typeof SIDES;

/** One application on its own database user, with the clients that call it. */
interface Side {
  app: McpApplication;
  user: DatabaseUserCounter;
  clients: Client[];
  calls: number;
  queries: number;
  connections: number;
  /** Concurrent rounds: calls/s and p50 latency of each. */
  callsPerSecond: number[];
  p50: number[];
  /** Lone-call rounds: p50 latency of one call at a time. */
  loneP50: number[];
}

async function openSide(spec: SideSpec, tablePrefix: string, callers: number): Promise<Side> {
  const user = await DatabaseUserCounter.create(MYSQL_URL);
  const store: Provider = spec.newConnections
    ? { provide: SHOP_STORE, useValue: new NewConnectionUsers(user.url, `${tablePrefix}users`) }
    : { provide: SHOP_STORE, useFactory: (c) => c.resolve(MySqlShopStore) };
  const app = new McpApplication({
    name: `db-bench`,
    services: [spec.tools as never],
    pools: [new MySqlPool({ url: user.url, name: "shop-db", connectionLimit: 10, queueLimit: 1000 })],
    providers: [{ provide: FLAGSHIP_SETTINGS, useValue: { tablePrefix, carrierTimeoutMs: 2000 } }, store],
  });
  await app.start();
  const clients = await Promise.all(Array.from({ length: callers }, async () => {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await app.connect(serverTransport);
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(clientTransport);
    return client;
  }));
  return { app, user, clients, calls: 0, queries: 0, connections: 0, callsPerSecond: [], p50: [], loneP50: [] };
}

async function getUser(client: Client, id: number): Promise<void> {
  const result = await client.callTool({ name: "get_user", arguments: { id } });
  if (result.isError) throw new Error(`get_user ${id} failed: ${JSON.stringify(result.content)}`);
}

/** Every caller calls get_user CALLS_PER_CALLER times in a closed loop, all callers at once. */
async function concurrentRound(side: Side, seed: number): Promise<BenchmarkStats> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(side.clients.map(async (client, c) => {
    for (let i = 0; i < CALLS_PER_CALLER; i++) {
      const began = performance.now();
      await getUser(client, ((seed * 7919 + c * 31 + i * 17) % USERS) + 1);
      latencies.push(performance.now() - began);
    }
  }));
  return summarize(latencies, performance.now() - start);
}

/**
 * One call at a time, the sides taking turns call by call (so drift on the machine hits them alike):
 * the latency a call pays when nothing else is running. The p50 of each side.
 */
async function loneRound(sides: Side[], seed: number): Promise<number[]> {
  const latencies: number[][] = sides.map(() => []);
  for (let i = 0; i < LONE_CALLS; i++) {
    const id = ((seed * 131 + i * 7) % USERS) + 1;
    for (const s of i % 2 ? [...sides.keys()].reverse() : [...sides.keys()]) {
      const began = performance.now();
      await getUser(sides[s]!.clients[0]!, id);
      latencies[s]!.push(performance.now() - began);
    }
  }
  return latencies.map((list) => summarize(list, 1).median);
}

/** Runs one round and adds what the database counted for it to the side's totals. */
async function counted(side: Side, record: boolean, round: () => Promise<BenchmarkStats>): Promise<BenchmarkStats> {
  const [queries, connections] = [await side.user.selects(), await side.user.connections()];
  const stats = await round();
  if (record) {
    side.calls += stats.calls;
    side.queries += (await side.user.selects()) - queries;
    side.connections += (await side.user.connections()) - connections;
  }
  return stats;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (value: number, digits: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(digits));
/** "median (min–max)" of a figure's rounds. */
const spread = (values: number[], digits: number) => `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
const perRound = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);

function sideRow(report: BenchReport, label: string, side: Side): void {
  const perCall = (n: number) => (side.calls ? (n / side.calls).toFixed(3) : "-");
  report.line(`${label.padEnd(42)} ${spread(side.callsPerSecond, 0).padEnd(20)} ${spread(side.p50, 3).padEnd(24)} ${perCall(side.queries).padEnd(12)} ${perCall(side.connections)}`);
}

function ratioRow(report: BenchReport, label: string, values: number[], goal = ""): void {
  report.line(`  ${label.padEnd(62)} ${spread(values, 2)}${goal ? `  (goal ${goal})` : ""}`);
}

export const dbSuite: BenchSuite = {
  name: `db: get_user over MariaDB from ${CALLERS} concurrent callers, each pattern on and off (@Cached, @Batched, the pool), and a lone call's latency`,
  async unavailable() {
    try {
      await (await DatabaseUserCounter.create(MYSQL_URL)).drop();
      return undefined;
    } catch (error) {
      return `MariaDB is not reachable at ${MYSQL_URL}, or cannot count per user (${(error as Error).message})`;
    }
  },
  async run(report) {
    const tablePrefix = `mcpkit_bench_db_${randomUUID().slice(0, 8)}_`;
    const sides = {} as Record<SideName, Side>;
    try {
      // The first side to start creates and seeds the tables.
      for (const name of Object.keys(SIDES) as SideName[]) sides[name] = await openSide(SIDES[name], tablePrefix, name === "windowed" ? 1 : CALLERS);
      for (let id = 1; id <= USERS; id++) await getUser(sides.cached.clients[0]!, id);
      const concurrent: SideName[] = ["cached", "batched", "unbatched", "newConnection"];
      const lone: SideName[] = ["unbatched", "batched", "windowed"];
      for (let r = 0; r < ROUNDS; r++) {
        const record = r > 0;
        // Alternate the order, so drift on the machine hits every side alike.
        for (const name of r % 2 ? [...concurrent].reverse() : concurrent) {
          const stats = await counted(sides[name], record, () => concurrentRound(sides[name], r));
          if (record) sides[name].callsPerSecond.push(stats.callsPerSecond), sides[name].p50.push(stats.median);
        }
        const p50s = await loneRound(lone.map((name) => sides[name]), r);
        if (record) lone.forEach((name, i) => sides[name].loneP50.push(p50s[i]!));
      }
      report.line(`${CALLERS} callers × ${CALLS_PER_CALLER} get_user calls per round (in memory), ${ROUNDS - 1} rounds after a warm-up; median (min–max) of the rounds; queries and connections counted by MariaDB per database user`);
      report.line(`${"side".padEnd(42)} ${"calls/s".padEnd(20)} ${"p50 ms".padEnd(24)} ${"queries/call".padEnd(12)} connections/call`);
      for (const name of concurrent) sideRow(report, SIDES[name].label, sides[name]);
      report.line("ratios, per round:");
      ratioRow(report, "@Cached hit / no cache, calls/s", perRound(sides.cached.callsPerSecond, sides.batched.callsPerSecond));
      ratioRow(report, "@Batched / not batched, calls/s", perRound(sides.batched.callsPerSecond, sides.unbatched.callsPerSecond));
      ratioRow(report, "pooled / new connection per call, calls/s", perRound(sides.unbatched.callsPerSecond, sides.newConnection.callsPerSecond));
      report.line(`a lone call: ${LONE_CALLS} get_user calls one at a time per round and side, the sides taking turns call by call; p50 ms`);
      for (const name of lone) report.line(`${SIDES[name].label.padEnd(42)} ${spread(sides[name].loneP50, 3)}`);
      ratioRow(report, "lone call p50, @Batched (adaptive) / not batched", perRound(sides.batched.loneP50, sides.unbatched.loneP50), "1.0");
      ratioRow(report, "lone call p50, @Batched window 2ms / not batched", perRound(sides.windowed.loneP50, sides.unbatched.loneP50));
    } finally {
      const opened = Object.values(sides);
      await opened[0]?.app.resolve(MySqlPool).update(`DROP TABLE IF EXISTS ${tablePrefix}users, ${tablePrefix}orders`).catch(() => undefined);
      for (const side of opened) {
        await Promise.all(side.clients.map((c) => c.close()));
        await side.app.close();
        await side.user.drop();
      }
    }
  },
};
