import type { IncomingMessage, ServerResponse } from "node:http";

const LOOPBACK_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]", "::1"];

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTNAMES.includes(host) || host.startsWith("127.");
}

/** The hostname part of a Host header or an Origin URL, lower-cased. */
function hostnameOf(value: string): string | undefined {
  try {
    return new URL(value.includes("://") ? value : `http://${value}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Protection against DNS rebinding: a page on an attacker's domain that resolves to 127.0.0.1
 * still sends its own Host and Origin, which are refused here.
 */
export function checkHostAndOrigin(req: IncomingMessage, allowedHostnames: readonly string[] | undefined): string | undefined {
  if (!allowedHostnames) return undefined;
  const host = hostnameOf(req.headers.host ?? "");
  if (!host || !allowedHostnames.includes(host)) return `Host header "${req.headers.host ?? ""}" is not allowed`;
  const origin = req.headers.origin;
  // "null" is what sandboxed iframes and file pages send: a page of unknown origin, refused like any other.
  if (origin === "null") return 'Origin "null" (a sandboxed or local page) is not allowed';
  if (origin !== undefined) {
    const originHost = hostnameOf(origin);
    if (!originHost || !allowedHostnames.includes(originHost)) return `Origin "${origin}" is not allowed`;
  }
  return undefined;
}

/** Reads a JSON body up to `limit` bytes; rejects with an HttpError past it or when it does not parse. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new HttpError(413, -32600, `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
  const text = await readText(req, limit);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, -32700, `Parse error: the request body is not valid JSON (${(error as Error).message})`);
  }
}

/** The body as UTF-8 text, read with stream events: an async iterator per request costs more, for a body that is mostly one chunk. */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanUp();
        // The rest is left unread; the 413 answer closes the connection.
        req.pause();
        return reject(new HttpError(413, -32600, `Request body exceeds the limit of ${limit} bytes`));
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const cleanUp = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    // Closed before its end: the client went away mid-body.
    const onClose = () => {
      cleanUp();
      reject(new HttpError(400, -32700, "Parse error: the request body ended early"));
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
    req.once("close", onClose);
  });
}

/** An HTTP-level refusal, sent as a JSON-RPC error body. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
}

export function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string, id: string | number | null = null): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id }));
}
