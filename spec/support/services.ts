import mysql from "mysql2/promise";
import { Redis } from "ioredis";

/** Where the specs find MariaDB and Redis; override with MYSQL_URL / REDIS_URL. */
export const MYSQL_URL = process.env.MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function require(context: Mocha.Context, service: string, address: string, probe: () => Promise<void>): Promise<void> {
  try {
    await probe();
  } catch (error) {
    const reason = `${service} is not reachable at ${address} (${(error as Error).message})`;
    // CI has the services: a missing one is a broken run, not a reason to pass quietly.
    if (process.env.CI) throw new Error(`${reason}; CI must provide it`);
    console.log(`      skipped: ${reason}`);
    context.skip();
  }
}

/** In a `before` hook: skips the suite on a laptop without MariaDB, fails it in CI. */
export function requireMariaDb(context: Mocha.Context): Promise<void> {
  return require(context, "MariaDB", MYSQL_URL, async () => {
    const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 2000 });
    await connection.ping();
    await connection.end();
  });
}

/** In a `before` hook: skips the suite on a laptop without Redis, fails it in CI. */
export function requireRedis(context: Mocha.Context): Promise<void> {
  return require(context, "Redis", REDIS_URL, async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  });
}
