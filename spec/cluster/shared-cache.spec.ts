import { expect } from "chai";
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { Cached, InvalidatesCache, McpApplication, RedisConnection, Service } from "../../lib/index.js";
import { MYSQL_URL, REDIS_URL, requireMariaDb, requireRedis } from "../support/services.js";
import { closeAll, startInstances, uniquePrefix, type Instance } from "./support.js";
import { gate, type Gate } from "../protocol/eras/support.js";

const table = `cluster_runs_${randomBytes(4).toString("hex")}`;
let db: mysql.Pool;
/** When set, the next fill waits here after counting its run (to hold it in flight). */
let holdFill: { started: Gate; release: Gate } | undefined;

/** A price list whose every run is counted in MariaDB, so runs on any instance are seen in one place. */
@Service()
class Prices {
  @Cached({ ttl: "1m", shared: true })
  async priceOf(item: string): Promise<{ item: string; run: number }> {
    const [result] = await db.query<mysql.ResultSetHeader>(`INSERT INTO ${table} (item) VALUES (?)`, [item]);
    const hold = holdFill;
    if (hold) {
      holdFill = undefined;
      hold.started.open();
      await hold.release.promise;
    } else {
      // A slow source: the other instances ask while this run is still going.
      await db.query("SELECT SLEEP(0.4)");
    }
    return { item, run: result.insertId };
  }

  /** Kept in each process (its own bound), not on Redis. */
  @Cached({ ttl: "1m", shared: true, max: 100 })
  async localPriceOf(item: string): Promise<{ item: string; run: number }> {
    const [result] = await db.query<mysql.ResultSetHeader>(`INSERT INTO ${table} (item) VALUES (?)`, [item]);
    return { item, run: result.insertId };
  }

  @InvalidatesCache("priceOf", { args: (item: string) => [item] })
  async reprice(_item: string): Promise<void> {}
}

async function runsOf(item: string): Promise<number> {
  const [rows] = await db.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table} WHERE item = ?`, [item]);
  return Number(rows[0]!.n);
}

/** Lets I/O happen until `condition` holds (a message between instances is on its way); bounded. */
async function until(condition: () => boolean): Promise<void> {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 100_000) throw new Error("the condition never held");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("@Cached across instances sharing Redis (cluster option)", function () {
  this.timeout(20_000);
  let instances: Instance[];
  let prefix: string;
  const prices = (i: number) => instances[i]!.app.resolve(Prices);

  before(async function () {
    await requireMariaDb(this);
    await requireRedis(this);
    db = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 8 });
    await db.query(`CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(40) NOT NULL)`);
    prefix = uniquePrefix("cache");
    instances = await startInstances(3, prefix, [Prices], { cluster: { redis: undefined as never, localCache: { ttl: "1m" } } });
  });
  after(async () => {
    await closeAll(instances);
    await db?.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await db?.end();
  });

  it("runs the method once when three instances miss the same key at once", async () => {
    const answers = await Promise.all([0, 1, 2].map((i) => prices(i).priceOf("chair")));
    expect(await runsOf("chair")).to.equal(1);
    expect(answers.map((a) => a.run)).to.deep.equal([answers[0]!.run, answers[0]!.run, answers[0]!.run]);
    const stats = [0, 1, 2].map((i) => instances[i]!.app.cache.stats(Prices, "priceOf"));
    expect(stats.reduce((n, s) => n + s.misses, 0)).to.equal(1);
  });

  it("takes over a fill whose holder died once its lease expires, and answers", async () => {
    const cache = instances[0]!.app.cache.cacheOf(Prices, "priceOf");
    const key = cache.keyOf(["lamp"], undefined)!;
    // A holder that took the lease and vanished: nobody will release it.
    const redis = new RedisConnection({ url: REDIS_URL, name: "dead-holder" });
    await redis.start();
    try {
      await redis.client.set(`${prefix}cache:${key}#lease`, "dead", "PX", 300);
      const started = Date.now();
      const answer = await prices(1).priceOf("lamp");
      expect(Date.now() - started).to.be.at.least(250);
      expect(answer.item).to.equal("lamp");
      expect(await runsOf("lamp")).to.equal(1);
    } finally {
      await redis.close();
    }
  });

  it("an eviction on instance A is seen on instance B, whose in-process copy is dropped too", async () => {
    const first = await prices(1).priceOf("desk");
    expect((await prices(1).priceOf("desk")).run).to.equal(first.run);
    const heardBefore = instances[1]!.app.cache.stats(Prices, "priceOf").invalidations;
    await instances[0]!.app.cache.evict(Prices, "priceOf", "desk");
    await until(() => instances[1]!.app.cache.stats(Prices, "priceOf").invalidations > heardBefore);
    const second = await prices(1).priceOf("desk");
    expect(second.run).to.not.equal(first.run);
    expect(await runsOf("desk")).to.equal(2);
  });

  it("@InvalidatesCache on instance A reaches instance C", async () => {
    const first = await prices(2).priceOf("sofa");
    const heardBefore = instances[2]!.app.cache.stats(Prices, "priceOf").invalidations;
    await prices(0).reprice("sofa");
    await until(() => instances[2]!.app.cache.stats(Prices, "priceOf").invalidations > heardBefore);
    expect((await prices(2).priceOf("sofa")).run).to.not.equal(first.run);
  });

  it("an eviction on instance A of a method cached in each process (@Cached({ max })) reaches instance B", async () => {
    const first = await prices(1).localPriceOf("rug");
    expect((await prices(1).localPriceOf("rug")).run).to.equal(first.run);
    const heardBefore = instances[1]!.app.cache.stats(Prices, "localPriceOf").invalidations;
    await instances[0]!.app.cache.evict(Prices, "localPriceOf", "rug");
    await until(() => instances[1]!.app.cache.stats(Prices, "localPriceOf").invalidations > heardBefore);
    expect((await prices(1).localPriceOf("rug")).run).to.not.equal(first.run);
  });

  it("a fill in flight on instance B when A evicts the key does not store what it read before", async () => {
    holdFill = { started: gate(), release: gate() };
    const hold = holdFill;
    const inFlight = prices(1).priceOf("stool");
    await hold.started.promise;
    await instances[0]!.app.cache.evict(Prices, "priceOf", "stool");
    hold.release.open();
    const before = await inFlight;
    // Nothing was stored: the next call, on another instance, runs the method again.
    const after = await prices(2).priceOf("stool");
    expect(after.run).to.not.equal(before.run);
    expect(await runsOf("stool")).to.equal(2);
  });

  it("answers from the method while Redis is unreachable, warns once, and caches again when it returns", async () => {
    const logged: string[] = [];
    const redis = new RedisConnection({ url: REDIS_URL, name: "outage" });
    const app = new McpApplication({ name: "cluster-spec", services: [Prices], pools: [redis], cluster: { redis, prefix }, cache: { log: (level, message) => logged.push(`${level}: ${message}`) }, onWarning: () => undefined });
    await app.start();
    try {
      redis.client.disconnect();
      const a = await app.resolve(Prices).priceOf("bench");
      const b = await app.resolve(Prices).priceOf("bench");
      expect(b.run).to.not.equal(a.run);
      expect(logged.filter((l) => l.startsWith("warn:"))).to.have.length(1);
      await redis.client.connect();
      const c = await app.resolve(Prices).priceOf("bench");
      expect((await app.resolve(Prices).priceOf("bench")).run).to.equal(c.run);
      expect(logged.at(-1)).to.match(/^info: .*works again/);
    } finally {
      await app.close();
    }
  });
});
