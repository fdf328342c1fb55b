import {
  authFromEnvironment,
  HealthResource,
  HttpPool,
  McpApplication,
  MySqlPool,
  REDIS_FAIL_FAST_OPTIONS,
  RedisCacheStore,
  RedisConnection,
  type CacheOptions,
  type ClusterOptions,
  type LifecycleOptions,
  type ManagedPool,
  type McpApplicationOptions,
  type Provider,
} from "../../lib/index.js";
import { Redis } from "ioredis";
import { MemoryShopStore } from "./memory-shop-store.js";
import { MySqlShopStore } from "./mysql-shop-store.js";
import { OrderTools } from "./order-tools.js";
import { FLAGSHIP_SETTINGS, type FlagshipSettings } from "./settings.js";
import { SHOP_STORE } from "./shop-store.js";
import { UserTools } from "./user-tools.js";

/** How to build the sample; everything defaults to the environment. */
export interface FlagshipOptions extends Pick<LifecycleOptions, "startupRetry" | "drainTimeoutMs"> {
  /** Default process.env: MYSQL_URL, REDIS_URL, CARRIER_API_URL, CARRIER_TIMEOUT_MS, TOOL_TIMEOUT_MS, and AUTH_ISSUER etc. (see authFromEnvironment). */
  env?: Record<string, string | undefined>;
  settings?: Partial<FlagshipSettings>;
  /** Where spans and metrics go; default: the OpenTelemetry SDK the program started, if any. */
  telemetry?: McpApplicationOptions["telemetry"];
  /**
   * One of several instances behind a load balancer: with REDIS_URL, the instances share caches,
   * fills, evictions, change events and the requestState secret on Redis (the `cluster` option);
   * REQUEST_STATE_SECRET, when set, is the secret every instance uses.
   */
  cluster?: boolean;
}

/**
 * The shop server: users and orders from the embedded data set, or from MySQL when MYSQL_URL is set;
 * `@Cached` results in Redis when REDIS_URL is set (shared by every instance), in process otherwise;
 * parcel tracking through a keep-alive HTTP pool. With AUTH_ISSUER set, HTTP callers need a bearer
 * token of that authorization server, with customers:read, orders:read or orders:export per tool.
 */
export function createFlagshipApplication(options: FlagshipOptions = {}): McpApplication {
  const env = options.env ?? process.env;
  const settings: FlagshipSettings = {
    tablePrefix: "flagship_",
    carrierUrl: env.CARRIER_API_URL || undefined,
    carrierTimeoutMs: Number(env.CARRIER_TIMEOUT_MS ?? 2_000),
    ...options.settings,
  };
  const pools: ManagedPool[] = [];
  const providers: Provider[] = [{ provide: FLAGSHIP_SETTINGS, useValue: settings }];
  if (env.MYSQL_URL) {
    pools.push(new MySqlPool({ url: env.MYSQL_URL, name: "shop-db", connectionLimit: 10 }));
    providers.push({ provide: SHOP_STORE, useFactory: (container) => container.resolve(MySqlShopStore) });
  } else {
    providers.push({ provide: SHOP_STORE, useValue: new MemoryShopStore() });
  }
  let cache: CacheOptions | undefined;
  let cluster: ClusterOptions | undefined;
  if (env.REDIS_URL) {
    // One Redis connection, owned by the application, shared by every cached method.
    const redis = new RedisConnection({ url: env.REDIS_URL, name: "shop-cache", redis: REDIS_FAIL_FAST_OPTIONS });
    pools.push(redis);
    if (options.cluster) cluster = { redis, prefix: "mcpkit:shop:" };
    else cache = { store: (resolve) => new RedisCacheStore(resolve<Redis>(Redis), { prefix: "mcpkit:shop:" }) };
  }
  pools.push(new HttpPool({ name: "carrier", connections: 8 }));
  return new McpApplication({
    name: "mcpkit-shop",
    version: "0.1.0",
    instructions:
      "A shop's customers and orders. Find customers with search_users, read them with get_user / get_users " +
      "or the users://{id} resource, track a parcel with track_order, export orders as CSV with export_orders.",
    services: [UserTools, OrderTools, HealthResource],
    providers,
    pools,
    cache,
    cluster,
    ...(options.cluster && env.REQUEST_STATE_SECRET ? { requestState: { secret: env.REQUEST_STATE_SECRET } } : {}),
    // No tool waits longer than this, whatever it waits on: a database that stops answering ends the call
    // with a clear error instead of holding it for as long as the outage lasts.
    defaultTimeout: Number(env.TOOL_TIMEOUT_MS ?? 5_000),
    startupRetry: options.startupRetry,
    drainTimeoutMs: options.drainTimeoutMs,
    telemetry: options.telemetry,
    // Optional OAuth: off (on purpose, `false`) unless AUTH_ISSUER (or another AUTH_* variable) is set.
    auth: authFromEnvironment(env) ?? false,
  });
}
