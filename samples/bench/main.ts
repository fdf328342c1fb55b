import "../../lib/runtime/commonjs.js";
import { consoleReport, type BenchSuite } from "./bench-suite.js";
import { suites } from "./suites/index.js";

// `npm run bench -- NAME` runs only the suites whose name contains NAME; flags (--quick) are for the suites.
const filter = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
const selected: BenchSuite[] = suites.filter((s) => !filter || s.name.includes(filter));
const report = consoleReport();
for (const suite of selected) {
  console.log(`\n## ${suite.name}`);
  const reason = await suite.unavailable?.();
  if (reason) {
    console.log(`  skipped: ${reason}`);
    continue;
  }
  await suite.run(report);
}
