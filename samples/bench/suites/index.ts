import type { BenchSuite } from "../bench-suite.js";
import { coreSuite } from "./core.js";
import { cacheSuite } from "./cache.js";
import { batchSuite } from "./batch.js";
import { schemaSuite } from "./schema.js";
import { poolsSuite } from "./pools.js";
import { telemetrySuite } from "./telemetry.js";
import { dbSuite } from "./db.js";
import { clusterSuite } from "./cluster.js";
import { authSuite } from "./auth.js";
import { peersSuite } from "./peers.js";

/** Every suite `npm run bench` runs, in order. Add one import and one entry per suite. */
export const suites: BenchSuite[] = [
  coreSuite,
  cacheSuite,
  batchSuite,
  schemaSuite,
  poolsSuite,
  telemetrySuite,
  dbSuite,
  clusterSuite,
  authSuite,
  peersSuite,
];
