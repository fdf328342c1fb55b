import { fmt, median, type Figure } from "./peers-figures.js";
import type { Peer } from "./peers-targets.js";

const WIDTH = 980;
const COLUMNS = 2;
const PANEL_WIDTH = WIDTH / COLUMNS;
const LABEL_WIDTH = 120;
const BAR_HEIGHT = 16;
const BAR_GAP = 6;
const COLORS: Record<string, string> = { mcpkit: "#d9480f", sdk: "#1c7ed6", tmcp: "#2f9e44", fastmcp: "#7048e8" };

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One panel: a horizontal bar per peer (the median), a whisker from min to max, the median written beside it. */
function panel(figure: Figure, peers: readonly Peer[], x: number, y: number): { svg: string; height: number } {
  const served = peers.filter((p) => (figure.values[p.name] ?? []).length > 0);
  const top = Math.max(...served.flatMap((p) => figure.values[p.name]!.filter(Number.isFinite)), 0) || 1;
  const plot = PANEL_WIDTH - LABEL_WIDTH - 80;
  const scale = (value: number) => (value / top) * plot;
  const title = `${figure.group}: ${figure.label} (${figure.better === "lower" ? "lower" : "higher"} is better)`;
  const parts = [`<text x="${x + 8}" y="${y + 16}" class="title">${escape(title)}</text>`];
  served.forEach((peer, i) => {
    const values = figure.values[peer.name]!;
    const rowY = y + 28 + i * (BAR_HEIGHT + BAR_GAP);
    const mid = median(values);
    const barX = x + LABEL_WIDTH;
    const lo = barX + scale(Math.min(...values));
    const hi = barX + scale(Math.max(...values));
    const centre = rowY + BAR_HEIGHT / 2;
    parts.push(
      `<text x="${barX - 6}" y="${centre + 4}" text-anchor="end">${escape(peer.label)}</text>`,
      `<rect x="${barX}" y="${rowY}" width="${scale(mid).toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[peer.name] ?? "#868e96"}"/>`,
      `<path d="M${lo.toFixed(1)} ${centre}H${hi.toFixed(1)}M${lo.toFixed(1)} ${centre - 4}V${centre + 4}M${hi.toFixed(1)} ${centre - 4}V${centre + 4}" class="whisker"/>`,
      `<text x="${(Math.max(hi, barX + scale(mid)) + 6).toFixed(1)}" y="${centre + 4}">${escape(fmt(mid, figure.digits))}</text>`,
    );
  });
  return { svg: parts.join("\n"), height: 36 + served.length * (BAR_HEIGHT + BAR_GAP) };
}

/** The chart of the headline figures, two panels a row, from the same run as the table. */
export function peersChart(figures: readonly Figure[], peers: readonly Peer[], caption: string): string {
  const parts: string[] = [];
  let y = 30;
  for (let i = 0; i < figures.length; i += COLUMNS) {
    const row = figures.slice(i, i + COLUMNS).map((figure, column) => panel(figure, peers, column * PANEL_WIDTH, y));
    parts.push(...row.map((p) => p.svg));
    y += Math.max(...row.map((p) => p.height)) + 10;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<style>.title{font-weight:600}.caption{fill:#495057}.whisker{stroke:#212529;stroke-width:1;fill:none}</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="18" class="caption">${escape(caption)}</text>`,
    ...parts,
    `</svg>`,
    "",
  ].join("\n");
}
