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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, -32600, `Request body exceeds the limit of ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw new HttpError(400, -32700, `Parse error: the request body is not valid JSON (${(error as Error).message})`);
  }
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
