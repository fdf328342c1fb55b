import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "../wire-types.js";
import type { FastLane, LaneAnswer, LaneOutcome, LaneScope } from "./fast-lane.js";
import { cancellationOf, laneCallOf, laneReadOf, MODERN_REVISION } from "./lane-call.js";
import { LazyAbortController } from "../../context/lazy-abort-controller.js";
import { connectionClosed } from "./lane-errors.js";

/** How the lane serves one request, given its scope and what cancels it. */
export type LaneRun = (scope: LaneScope, abort: LazyAbortController) => Promise<LaneOutcome>;

/** The lane's run of a plain `tools/call` or `resources/read` in `body`, else undefined. */
export function laneRunOf(lane: FastLane, body: unknown, era: LaneScope["era"]): { run: LaneRun; name: string; id: string | number } | undefined {
  const call = laneCallOf(body, era);
  if (call) return { run: (scope, abort) => lane.call(call, scope, abort), name: call.name, id: call.id };
  const read = laneReadOf(body, era);
  if (read) return { run: (scope, abort) => lane.read(read, scope, abort), name: read.uri, id: read.id };
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
  const name = headers["mcp-name"];
  // A name in the header's Base64 form is decoded and compared by the SDK, which names a mismatch.
  if (typeof name !== "string" || (name.startsWith("=?base64?") && name.endsWith("?="))) return undefined;
  const served = laneRunOf(lane, body, "modern");
  return served && name === served.name ? served.run : undefined;
}

/** The scope of a 2026-07-28 HTTP call: who the token gate admitted. */
export function modernHttpScope(req: IncomingMessage): LaneScope {
  return { era: "modern", authInfo: (req as { auth?: AuthInfo }).auth };
}

/**
 * Serves a tool call or resource read over HTTP on the fast lane. The answer is JSON, as the SDK answers a call that
 * sends nothing before its result; a 2025 call that logs turns it into an SSE stream (`LaneHttpResponse`).
 * A call the lane hands back is served by `toSdk`. A 2026-07-28 call is cancelled when its client hangs
 * up; a 2025 session's call is not (a dropped stream is no cancellation there, as in the SDK): its
 * session cancels it (`LaneSessionCalls`).
 */
export async function serveLaneHttp(
  run: LaneRun,
  scope: (response: LaneHttpResponse) => LaneScope,
  res: ServerResponse,
  toSdk: () => Promise<void>,
  session?: { calls: LaneSessionCalls; id: string | number; headers: Record<string, string> },
): Promise<void> {
  const abort = new LazyAbortController();
  const response = new LaneHttpResponse(res, session?.headers ?? {});
  const onClose = () => abort.abort(connectionClosed());
  const leave = session ? session.calls.add(session.id, abort, response) : (res.once("close", onClose), () => void res.off("close", onClose));
  let outcome: LaneOutcome = "cancelled";
  try {
    outcome = await run(scope(response), abort);
  } finally {
    // A cancelled session call gets no answer; its stream stays open until the session (or the client) ends it, as in the SDK.
    if (session && outcome === "cancelled" && !res.writableEnded && !res.destroyed) res.once("close", leave);
    else leave();
  }
  if (outcome === "sdk") return toSdk();
  if (outcome !== "cancelled") response.finish(outcome.answer);
}

/**
 * The lane calls of one 2025 session: a `notifications/cancelled` naming one aborts it (the SDK
 * still answers the notification), and closing the session aborts them all and ends their streams,
 * as the SDK does for the calls it serves.
 */
export class LaneSessionCalls {
  /** In the order they began: a client may reuse an id while its first call still runs. */
  private readonly calls = new Set<{ id: string | number; abort: LazyAbortController; response: LaneHttpResponse }>();

  /** Counts a call until the returned function is called. */
  add(id: string | number, abort: LazyAbortController, response: LaneHttpResponse): () => void {
    const entry = { id, abort, response };
    this.calls.add(entry);
    return () => void this.calls.delete(entry);
  }

  /** Aborts the lane call a `notifications/cancelled` in `body` names, if any. */
  cancel(body: unknown): void {
    const cancelled = cancellationOf(body);
    if (!cancelled) return;
    // The newest call of that id, as the SDK's own bookkeeping (by id) would find it.
    const named = [...this.calls].reverse().find((call) => call.id === cancelled.requestId);
    named?.abort.abort(cancelled.reason);
  }

  /** The session is gone: every call is aborted and its stream ended. */
  closeAll(): void {
    const open = [...this.calls.values()];
    this.calls.clear();
    for (const { abort, response } of open) {
      abort.abort(connectionClosed());
      response.end();
    }
  }
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
    if (this.res.destroyed || this.res.writableEnded) return Promise.resolve();
    if (!this.streaming) this.startStream();
    this.res.write(event(message));
    return Promise.resolve();
  };

  /** Ends the answer without a result (its call was cancelled and its session closed), as an SSE stream the SDK would close. */
  end(): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.streaming) this.startStream();
    this.res.end();
  }

  private startStream(): void {
    this.streaming = true;
    // The SDK's SSE headers; X-Accel-Buffering keeps a proxy such as nginx from holding the stream back.
    this.res.writeHead(200, { ...this.headers, "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" });
  }

  finish(answer: LaneAnswer): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (this.streaming) return void this.res.end(event(answer));
    const text = JSON.stringify(answer);
    this.res.writeHead(200, { ...this.headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    this.res.end(text);
  }
}

function event(message: object): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}
