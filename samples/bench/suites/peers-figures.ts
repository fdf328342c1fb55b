/** One figure of the peers table: a value per round for each peer that serves it. */
export interface Figure {
  /** "stdio 2025 sessions", "HTTP 2026-07-28" … */
  group: string;
  label: string;
  better: "lower" | "higher";
  digits: number;
  /** Rounds per peer name; a peer that cannot serve the cell has none. */
  values: Record<string, number[]>;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fmt(value: number, digits: number): string {
  if (!Number.isFinite(value)) return "–";
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  if (digits === 0 || Math.abs(value) >= 100) return value.toFixed(0);
  return value.toFixed(Math.abs(value) >= 10 ? Math.min(digits, 1) : digits);
}

/** "median (min–max)" of a figure's rounds. */
export function spread(values: readonly number[], digits: number): string {
  if (values.length === 0) return "n/a";
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

/** mcpkit over a peer, round by round (rounds ran side by side), then the median. */
export function ratioOf(figure: Figure, peer: string): number {
  const mine = figure.values.mcpkit ?? [];
  const theirs = figure.values[peer] ?? [];
  const count = Math.min(mine.length, theirs.length);
  return median(Array.from({ length: count }, (_, i) => mine[i]! / theirs[i]!));
}

/** A goal of the table: mcpkit's ratio to a peer on one figure, at most or at least a bound. */
export interface Goal {
  group: string;
  label: string;
  peer: string;
  bound: number;
}

export function goalMet(goal: Goal, figure: Figure, ratio: number): boolean {
  return figure.better === "lower" ? ratio <= goal.bound : ratio >= goal.bound;
}
