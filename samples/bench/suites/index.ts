import type { BenchSuite } from "../bench-suite.js";
import { coreSuite } from "./core.js";

/** Every suite `npm run bench` runs, in order. Add one import and one entry per suite. */
export const suites: BenchSuite[] = [
  coreSuite,
];
