import type { BenchSuite } from "../bench-suite.js";

/** Every suite `npm run bench` runs, in order. Add one import and one entry per suite. */
export const suites: BenchSuite[] = [];
