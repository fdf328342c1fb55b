import { createRequire } from "node:module";
import type * as Mysql2 from "mysql2/promise";
import type * as Undici from "undici";
import type * as IoRedis from "ioredis";

const require = createRequire(import.meta.url);

/**
 * The database and HTTP client libraries, loaded on first use: each costs 40-60 ms to load, and a
 * server that opens no pool (every stdio tool without a database) should not pay that at cold start.
 */
export const clientLibraries = {
  mysql2: (): typeof Mysql2 => require("mysql2/promise"),
  undici: (): typeof Undici => require("undici"),
  ioredis: (): typeof IoRedis => require("ioredis"),
};
