import type { BenchmarkStats } from "../../lib/testing/index.js";

/** One group of side-by-side measurements printed by `npm run bench`. */
export interface BenchSuite {
  name: string;
  /** Why the suite cannot run here (a service down), or undefined when it can. */
  unavailable?(): Promise<string | undefined>;
  run(report: BenchReport): Promise<void>;
}

/** Where a suite writes its figures; ratios are always of two figures from the same run. */
export interface BenchReport {
  stats(label: string, stats: BenchmarkStats): void;
  ratio(label: string, numerator: number, denominator: number, goal?: string): void;
  line(text: string): void;
}

export function consoleReport(): BenchReport {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : String(n));
  return {
    stats(label, s) {
      console.log(`  ${label.padEnd(44)} mean ${f(s.mean)} ms  median ${f(s.median)} ms  p95 ${f(s.p95)} ms  p99 ${f(s.p99)} ms  ${s.callsPerSecond.toFixed(0)} calls/s`);
    },
    ratio(label, numerator, denominator, goal) {
      console.log(`  ratio ${label.padEnd(38)} ${(numerator / denominator).toFixed(3)}${goal ? `  (goal ${goal})` : ""}`);
    },
    line(text) {
      console.log(`  ${text}`);
    },
  };
}
