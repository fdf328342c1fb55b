import { SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** A trace waterfall as SVG: one block of rows per trace, bars on one shared time axis, links drawn between traces. */
export interface WaterfallOptions {
  title: string;
  subtitle: string;
}

const WIDTH = 1280;
const LABEL_WIDTH = 500;
const BAR_LEFT = LABEL_WIDTH + 20;
const BAR_WIDTH = WIDTH - BAR_LEFT - 90;
const ROW = 26;
const TOP = 96;
const COLOURS = { server: "#4c78a8", internal: "#54a24b", client: "#f58518", error: "#e45756" };

const micros = (time: [number, number]) => time[0] * 1e6 + time[1] / 1e3;
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

interface Row {
  span: ReadableSpan;
  depth: number;
  y: number;
}

/** What a row says besides the span's name: the attributes that explain it. */
function detailOf(span: ReadableSpan): string {
  const a = span.attributes;
  if (a["mcpkit.cache.result"]) return String(a["mcpkit.cache.result"]);
  if (a["mcpkit.batch.size"] !== undefined) return `${a["mcpkit.batch.size"]} keys: ${(a["mcpkit.batch.keys"] as string[]).join(", ")}`;
  if (a["db.operation.name"]) return `${a["db.system.name"]} ${a["server.address"]}:${a["server.port"]}`;
  if (a["gen_ai.tool.name"]) return `request ${a["jsonrpc.request.id"]}`;
  return "";
}

function colourOf(span: ReadableSpan): string {
  if (span.attributes["error.type"] !== undefined) return COLOURS.error;
  return span.kind === SpanKind.SERVER ? COLOURS.server : span.kind === SpanKind.CLIENT ? COLOURS.client : COLOURS.internal;
}

export function waterfallSvg(spans: readonly ReadableSpan[], options: WaterfallOptions): string {
  const byParent = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId ?? "";
    byParent.set(parent, [...(byParent.get(parent) ?? []), span]);
  }
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const roots = spans.filter((s) => !s.parentSpanContext || !ids.has(s.parentSpanContext.spanId)).sort((a, b) => micros(a.startTime) - micros(b.startTime));
  const start = Math.min(...spans.map((s) => micros(s.startTime)));
  const end = Math.max(...spans.map((s) => micros(s.endTime)));
  const x = (time: number) => BAR_LEFT + ((time - start) / (end - start)) * BAR_WIDTH;

  const rows: Row[] = [];
  const headers: { y: number; text: string }[] = [];
  let y = TOP;
  const visit = (span: ReadableSpan, depth: number) => {
    rows.push({ span, depth, y });
    y += ROW;
    const children = (byParent.get(span.spanContext().spanId) ?? []).sort((a, b) => micros(a.startTime) - micros(b.startTime));
    for (const child of children) visit(child, depth + 1);
  };
  for (const root of roots) {
    headers.push({ y, text: `trace ${root.spanContext().traceId.slice(0, 8)}…` });
    y += ROW - 4;
    visit(root, 0);
    y += 10;
  }
  const rowOf = new Map(rows.map((row) => [row.span.spanContext().spanId, row]));

  const out: string[] = [];
  const height = y + 70;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="20" y="32" font-size="20" font-weight="bold" fill="#222">${escape(options.title)}</text>`);
  out.push(`<text x="20" y="56" font-size="13" fill="#555">${escape(options.subtitle)}</text>`);
  // The time axis: a tick per step, labelled in milliseconds.
  const totalMs = (end - start) / 1000;
  const step = [0.5, 1, 2, 5, 10, 20, 50].find((s) => totalMs / s <= 10) ?? 100;
  for (let ms = 0; ms <= totalMs + 1e-9; ms += step) {
    const tx = x(start + ms * 1000);
    out.push(`<line x1="${tx}" y1="${TOP - 16}" x2="${tx}" y2="${y}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${tx}" y="${TOP - 20}" font-size="11" fill="#777" text-anchor="middle">${ms} ms</text>`);
  }
  for (const header of headers) {
    out.push(`<text x="20" y="${header.y + 12}" font-size="12" font-weight="bold" fill="#333">${escape(header.text)}</text>`);
  }
  for (const row of rows) {
    const { span } = row;
    const left = x(micros(span.startTime));
    const width = Math.max(2, x(micros(span.endTime)) - left);
    const ms = (micros(span.endTime) - micros(span.startTime)) / 1000;
    const detail = detailOf(span);
    out.push(`<text x="${28 + row.depth * 18}" y="${row.y + 15}" font-size="13" fill="#222">${escape(span.name)}${detail ? `<tspan dx="8" fill="#777">${escape(detail)}</tspan>` : ""}</text>`);
    out.push(`<rect x="${left.toFixed(1)}" y="${row.y + 3}" width="${width.toFixed(1)}" height="${ROW - 8}" rx="3" fill="${colourOf(span)}"/>`);
    out.push(`<text x="${(left + width + 6).toFixed(1)}" y="${row.y + 15}" font-size="11" fill="#555">${ms.toFixed(2)} ms</text>`);
  }
  // Links: a dashed line from each span to the span it links to (a waiting call to its batch).
  for (const row of rows) {
    for (const link of row.span.links) {
      const target = rowOf.get(link.context.spanId);
      if (!target || target.span.spanContext().traceId === row.span.spanContext().traceId) continue;
      // Leaves each bar's left end and bows out to the left, so links to one batch do not overlap.
      const fromX = x(micros(row.span.startTime));
      const toX = x(micros(target.span.startTime));
      const bow = Math.min(fromX, toX) - 24 - Math.abs(row.y - target.y) / 12;
      const [fromY, toY] = [row.y + ROW / 2, target.y + ROW / 2];
      out.push(`<path d="M ${fromX.toFixed(1)} ${fromY} C ${bow.toFixed(1)} ${fromY}, ${bow.toFixed(1)} ${toY}, ${toX.toFixed(1)} ${toY}" fill="none" stroke="#9467bd" stroke-width="1.6" stroke-dasharray="5 4"/>`);
      out.push(`<circle cx="${toX.toFixed(1)}" cy="${toY}" r="3" fill="#9467bd"/>`);
    }
  }
  const legendY = y + 30;
  const legend: [string, string][] = [
    [COLOURS.server, "SERVER span (MCP request)"],
    [COLOURS.internal, "mcpkit: cache, batch, pool wait"],
    [COLOURS.client, "CLIENT span (SQL statement)"],
  ];
  legend.forEach(([colour, text], i) => {
    const lx = 20 + i * 300;
    out.push(`<rect x="${lx}" y="${legendY - 11}" width="14" height="14" rx="3" fill="${colour}"/>`);
    out.push(`<text x="${lx + 20}" y="${legendY}" font-size="12" fill="#333">${escape(text)}</text>`);
  });
  out.push(`<path d="M 920 ${legendY - 4} h 34" stroke="#9467bd" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  out.push(`<text x="960" y="${legendY}" font-size="12" fill="#333">span link (batch.wait → the batch it joined)</text>`);
  out.push(`</svg>`);
  return out.join("\n");
}
