import { fmt, goalMet, ratioOf, spread, type Figure, type Goal } from "./peers-figures.js";
import type { Peer } from "./peers-targets.js";

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < 2 ? "---" : "--:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const direction = (figure: Figure) => (figure.better === "lower" ? "↓" : "↑");

/** The figures, median (min–max) of the rounds, one column per peer. */
export function figuresTable(figures: readonly Figure[], peers: readonly Peer[]): string[] {
  return table(
    ["cell", "figure", ...peers.map((p) => p.label)],
    figures.map((f, i) => [i > 0 && figures[i - 1]!.group === f.group ? "" : f.group, `${f.label} ${direction(f)}`, ...peers.map((p) => spread(f.values[p.name] ?? [], f.digits))]),
  );
}

/** mcpkit over every other peer, per figure (below 1 is better for ↓ figures, above 1 for ↑). */
export function ratiosTable(figures: readonly Figure[], peers: readonly Peer[]): string[] {
  const others = peers.filter((p) => p.name !== "mcpkit");
  return table(
    ["cell", "figure", ...others.map((p) => `mcpkit / ${p.label}`)],
    figures.map((f, i) => [
      i > 0 && figures[i - 1]!.group === f.group ? "" : f.group,
      `${f.label} ${direction(f)}`,
      ...others.map((p) => {
        const ratio = ratioOf(f, p.name);
        return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "n/a";
      }),
    ]),
  );
}

export function goalsTable(goals: readonly Goal[], figures: readonly Figure[], peers: readonly Peer[]): string[] {
  const label = (name: string) => peers.find((p) => p.name === name)?.label ?? name;
  return table(
    ["cell", "goal", "measured", "met"],
    goals.map((goal) => {
      const figure = figures.find((f) => f.group === goal.group && f.label === goal.label)!;
      const ratio = ratioOf(figure, goal.peer);
      const sign = figure.better === "lower" ? "≤" : "≥";
      return [goal.group, `${goal.label}: mcpkit ${sign} ${goal.bound.toFixed(1)}× ${label(goal.peer)}`, `${fmt(ratio, 2)}×`, goalMet(goal, figure, ratio) ? "yes" : "**no**"];
    }),
  );
}
