import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "../wire-types.js";
import type { FastLane, LaneAnswer, LaneOutcome, LaneScope } from "./fast-lane.js";
import { laneCallOf, laneReadOf, MODERN_REVISION } from "./lane-call.js";
import { LazyAbortController } from "../../context/lazy-abort-controller.js";

/** How the lane serves one request, given its scope and what cancels it. */
export type LaneRun = (scope: LaneScope, abort: LazyAbortController) => Promise<LaneOutcome>;

/** The lane's run of a plain `tools/call` or `resources/read` in `body`, else undefined. */
export function laneRunOf(lane: FastLane, body: unknown, era: LaneScope["era"]): { run: LaneRun; name: string } | undefined {
  const call = laneCallOf(body, era);
  if (call) return { run: (scope, abort) => lane.call(call, scope, abort), name: call.name };
  const read = laneReadOf(body, era);
  if (read) return { run: (scope, abort) => lane.read(read, scope, abort), name: read.uri };
  return undefined;
}

/**
 * The lane's run of a 2026-07-28 POST when it may serve it: a plain `tools/call` or `resources/read`
 * (see `laneCallOf`) whose standard headers say what its body says. Any other header combination is
 * the SDK's to answer (it names the mismatch).
 */
export function laneHttpRunOf(lane: FastLane, req: IncomingMessage, body: unknown): LaneRun | undefined {
  const headers = req.headers;
  if (headers["mcp-protocol-version"] !== MODERN_REVISION) return undefined;
  const method = (body as { method?: unknown } | null)?.method;
  if (headers["mcp-method"] !== method) return undefined;
  const served = laneRunOf(lane, body, "modern");
  return served && headers["mcp-name"] === served.name ? served.run : undefined;
}

/** The scope of a 2026-07-28 HTTP call: who the token gate admitted. */
export function modernHttpScope(req: IncomingMessage): LaneScope {
  return { era: "modern", authInfo: (req as { auth?: AuthInfo }).auth };
}

/**
 * Serves a tool call or resource read over HTTP on the fast lane. The answer is JSON, as the SDK answers a call that
 * sends nothing before its result; a 2025 call that logs turns it into an SSE stream (`LaneHttpResponse`).
 * A client that hangs up cancels the call; a call the lane hands back is served by `toSdk`.
 */
export async function serveLaneHttp(
  run: LaneRun,
  scope: (response: LaneHttpResponse) => LaneScope,
  res: ServerResponse,
  toSdk: () => Promise<void>,
  headers: Record<string, string> = {},
): Promise<void> {
  const abort = new LazyAbortController();
  const onClose = () => abort.abort();
  res.once("close", onClose);
  const response = new LaneHttpResponse(res, headers);
  let outcome: LaneOutcome;
  try {
    outcome = await run(scope(response), abort);
  } finally {
    res.off("close", onClose);
  }
  if (outcome === "sdk") return toSdk();
  if (outcome !== "cancelled") response.finish(outcome.answer);
}

/** One lane call's HTTP answer: plain JSON, or an SSE stream from the first message sent before the result. */
export class LaneHttpResponse {
  private streaming = false;

  constructor(
    private readonly res: ServerResponse,
    /** Headers every answer carries (a 2025 session's `mcp-session-id`). */
    private readonly headers: Record<string, string>,
  ) {}

  /** Sends a message related to the call (a 2025 log message) ahead of its result. */
  readonly send = (message: object): Promise<void> => {
    if (this.res.destroyed) return Promise.resolve();
    if (!this.streaming) {
      this.streaming = true;
      this.res.writeHead(200, { ...this.headers, "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" });
    }
    this.res.write(event(message));
    return Promise.resolve();
  };

  finish(answer: LaneAnswer): void {
    if (this.res.destroyed) return;
    if (this.streaming) return void this.res.end(event(answer));
    const text = JSON.stringify(answer);
    this.res.writeHead(200, { ...this.headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    this.res.end(text);
  }
}

function event(message: object): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}
