import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "../wire-types.js";
import type { FastLane, LaneAnswer, LaneScope } from "./fast-lane.js";
import { laneCallOf, MODERN_REVISION, type LaneCall } from "./lane-call.js";

/**
 * The call in a 2026-07-28 POST when the fast lane may serve it: a plain `tools/call` (see
 * `laneCallOf`) whose standard headers say what its body says. Any other header combination is the
 * SDK's to answer (it names the mismatch).
 */
export function laneHttpCallOf(req: IncomingMessage, body: unknown): LaneCall | undefined {
  const headers = req.headers;
  if (headers["mcp-protocol-version"] !== MODERN_REVISION || headers["mcp-method"] !== "tools/call") return undefined;
  const call = laneCallOf(body, "modern");
  return call && headers["mcp-name"] === call.name ? call : undefined;
}

/** The scope of a 2026-07-28 HTTP call: who the token gate admitted. */
export function modernHttpScope(req: IncomingMessage): LaneScope {
  return { era: "modern", authInfo: (req as { auth?: AuthInfo }).auth };
}

/**
 * Serves a tool call over HTTP on the fast lane. The answer is JSON, as the SDK answers a call that
 * sends nothing before its result; a 2025 call that logs turns it into an SSE stream (`LaneHttpResponse`).
 * A client that hangs up cancels the call; a call the lane hands back is served by `toSdk`.
 */
export async function serveLaneHttp(
  lane: FastLane,
  call: LaneCall,
  scope: (response: LaneHttpResponse) => LaneScope,
  res: ServerResponse,
  toSdk: () => Promise<void>,
  headers: Record<string, string> = {},
): Promise<void> {
  const abort = new AbortController();
  const onClose = () => abort.abort();
  res.once("close", onClose);
  const response = new LaneHttpResponse(res, headers);
  const outcome = await lane.call(call, scope(response), abort.signal);
  res.off("close", onClose);
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
