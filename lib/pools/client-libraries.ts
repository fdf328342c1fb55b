import { createRequire } from "node:module";
import type * as Mysql2 from "mysql2/promise";
import type * as Undici from "undici";
import type * as IoRedis from "ioredis";
import { PoolConfigurationError } from "../errors/pool-configuration-error.js";

const require = createRequire(import.meta.url);

/**
 * The database and HTTP client libraries, loaded on first use: each costs 40-60 ms to load, and a
 * server that opens no pool (every stdio tool without a database) should not pay that at cold start.
 * They are optional peer dependencies, so a server installs only the ones it uses.
 */
export const clientLibraries = {
  mysql2: (): typeof Mysql2 => loadOptionalPeer("mysql2", "mysql2/promise", "MysqlPool"),
  undici: (): typeof Undici => loadOptionalPeer("undici", "undici", "HttpPool"),
  ioredis: (): typeof IoRedis => loadOptionalPeer("ioredis", "ioredis", "RedisConnection and the Redis cache store"),
};

/** Requires an optional peer dependency; when it is not installed, an error naming it and the command that installs it. */
export function loadOptionalPeer<T>(packageName: string, specifier: string, usedBy: string): T {
  try {
    return require(specifier) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "MODULE_NOT_FOUND" || !(error as Error).message.includes(`'${specifier}'`)) throw error;
    throw new PoolConfigurationError(usedBy, `needs the "${packageName}" package, an optional peer dependency of mcpkit that is not installed`, `npm install ${packageName}`);
  }
}
