import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "../wire-types.js";

/** The web-standard face of an SDK HTTP handler (`createMcpHandler(...).fetch`). */
type FetchHandler = (request: Request, options?: { authInfo?: AuthInfo; parsedBody?: unknown }) => Promise<Response>;

/**
 * Serves a Node request whose JSON body is already read and parsed through a fetch-shaped handler.
 * It does what the SDK's `toNodeHandler` does, for less: the handler is given the parsed body, so
 * the web `Request` carries none (no re-serialising, no body stream), and a JSON answer is written
 * with its headers in one write instead of being streamed chunk by chunk. SSE answers still stream.
 */
export function fetchBridge(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void> {
  return async (req, res, body) => {
    // The client going away aborts the request's signal: the handler then closes its exchange.
    const abort = new AbortController();
    let finished = false;
    res.once("close", () => finished || abort.abort());
    let response: Response;
    try {
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: req.method, headers: headersOf(req), signal: abort.signal });
      const authInfo = (req as { auth?: AuthInfo }).auth;
      response = await handler(request, authInfo === undefined ? { parsedBody: body } : { authInfo, parsedBody: body });
    } catch {
      response = Response.json({ jsonrpc: "2.0", error: { code: -32603, message: "Internal server error" }, id: null }, { status: 500 });
    }
    const headers: Record<string, string | number> = {};
    for (const [name, value] of response.headers) headers[name] = value;
    if (response.body === null || !String(headers["content-type"] ?? "").startsWith("text/event-stream")) {
      // Text rather than bytes: Node sends a string body in the same write as the headers.
      const text = response.body === null ? undefined : await response.text();
      if (text !== undefined) headers["content-length"] = Buffer.byteLength(text);
      finished = true;
      res.writeHead(response.status, headers);
      return void res.end(text);
    }
    res.writeHead(response.status, headers);
    // A stream may stay quiet for a long time (a 2025 GET stream, a listen stream): its client learns it is open now.
    res.flushHeaders();
    await streamTo(res, response.body, abort.signal);
    finished = true;
    res.end();
  };
}

/** Copies an SSE body to the socket, waiting on backpressure, until it ends or the client leaves. */
async function streamTo(res: ServerResponse, body: ReadableStream<Uint8Array>, aborted: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const gone = new Promise<void>((resolve) => aborted.addEventListener("abort", () => resolve(), { once: true }));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), gone.then(() => undefined)]);
      if (!next || next.done) break;
      if (!res.write(next.value)) await Promise.race([new Promise((resolve) => res.once("drain", resolve)), gone]);
    }
  } catch {
    // The stream failed or was cancelled: end the answer with what was sent.
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]![0] !== ":") headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}
