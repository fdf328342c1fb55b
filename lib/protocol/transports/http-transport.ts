import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMcpHandler, isJsonContentType } from "@modelcontextprotocol/server";
import type { HealthReport } from "../../health/health-report.js";
import type { Connections } from "../connections.js";
import { LegacySessions } from "./legacy-sessions.js";
import { isModernPost } from "./era-route.js";
import { fetchBridge } from "./fetch-bridge.js";
import { sessionTransport } from "./session-transport.js";
import { legacyRequestProblem, requestProblem, usableId } from "../request-shape.js";
import { legacyPostProblem } from "./legacy-post-checks.js";
import { checkHostAndOrigin, HttpError, isLoopback, readJsonBody, sendJsonRpcError } from "./http-guards.js";
import type { HttpAuth } from "../auth/http-auth.js";
import { laneHttpRunOf, modernHttpScope, serveLaneHttp } from "../lane/lane-http.js";

/** Options of the Streamable HTTP transport. */
export interface HttpTransportOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: reachable from this machine only. */
  host?: string;
  /** The MCP endpoint; default "/mcp". */
  path?: string;
  /**
   * No 2025 sessions: every 2025 POST is served by a fresh server (2026-07-28 requests are always
   * stateless). Default false.
   */
  stateless?: boolean;
  /** Hostnames accepted in Host and Origin headers. Default: loopback names when bound to loopback, else no check. */
  allowedHostnames?: string[];
  /** Largest accepted request body; default 4 MiB. */
  maxBodyBytes?: number;
  /** Answer 2025 POSTs with plain JSON instead of an SSE stream. Default false. */
  enableJsonResponse?: boolean;
  /**
   * 2025 sessions only (2026-07-28 has no resumable streams): keep each session's recent SSE events
   * (e.g. 1000) so a client that reconnects with Last-Event-ID gets what it missed, and a call may
   * close its stream and finish later (`closeCallStream()`, polling). Default 0 (off): every call of
   * such a session then streams through the SDK's transport, where with it off a plain tool call is
   * answered as JSON on mcpkit's fast lane, for a fraction of the CPU.
   */
  resumableEvents?: number;
  /** 2025 sessions only: bytes of events kept per session (the oldest are dropped past it); default 8 MiB. */
  resumableBytes?: number;
  /**
   * 2025 sessions only: milliseconds after which a session with no request or stream open is closed
   * (its client gets 404 and initializes again); default 30 minutes, 0 for never.
   */
  sessionIdleMs?: number;
  /** Milliseconds a client should wait before reconnecting, sent as the SSE `retry` field; default 1000. */
  retryInterval?: number;
  /** Where GET answers the application's health as JSON (200 when up, 503 otherwise); default "/health", false for none. */
  healthPath?: string | false;
}

/** A running HTTP listener. */
export interface HttpListener {
  readonly url: string;
  readonly port: number;
  /** Open 2025 sessions (stateful mode). */
  readonly sessionCount: number;
  /** Graceful shutdown's first step: new sessions and 2026-07-28 requests get 503; open sessions keep working until close(). */
  stopAccepting(): void;
  close(): Promise<void>;
}

/**
 * Serves MCP over Streamable HTTP, both eras on one endpoint: a POST whose body claims the
 * 2026-07-28 revision (the per-request `_meta` envelope) goes to the stateless modern handler; every
 * other request (an `initialize`, a session's traffic, GET and DELETE) is a 2025 request, served by
 * sessions (or statelessly). Host/Origin checks, the body limit, `/health` and the 503 during
 * shutdown come first, for both.
 */
export async function listenHttp(connections: Connections, options: HttpTransportOptions = {}, health?: () => HealthReport, auth?: (endpoint: URL) => HttpAuth): Promise<HttpListener> {
  const host = options.host ?? "127.0.0.1";
  const path = options.path ?? "/mcp";
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const allowed = options.allowedHostnames ?? (isLoopback(host) ? ["localhost", "127.0.0.1", "[::1]"] : undefined);
  const sessions = new LegacySessions(connections, {
    enableJsonResponse: options.enableJsonResponse,
    resumableEvents: options.resumableEvents ?? 0,
    resumableBytes: options.resumableBytes ?? 8 * 1024 * 1024,
    retryInterval: options.retryInterval ?? 1000,
    sessionIdleMs: options.sessionIdleMs ?? 30 * 60_000,
  });
  const healthPath = options.healthPath ?? "/health";
  let accepting = true;
  /** The token gate (`auth`), made once the listener knows its URL (the default resource URI). */
  let gate: HttpAuth | undefined;
  const onerror = () => undefined;
  const modern = createMcpHandler(({ era }) => connections.requestServer({ era }), { legacy: "reject", maxRequestBodySize: limit, onerror });
  const stopNotifying = connections.addNotifier(modern.notify);
  const serveModern = fetchBridge(modern.fetch);
  const refuseWhenClosing = (res: ServerResponse) => {
    if (accepting) return false;
    res.setHeader("connection", "close");
    sendJsonRpcError(res, 503, -32000, "Service unavailable: the server is shutting down; connect to another instance");
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (health && healthPath && url.pathname === healthPath && req.method === "GET") {
      const refusedHealth = checkHostAndOrigin(req, allowed);
      if (refusedHealth) return sendJsonRpcError(res, 403, -32600, `Forbidden: ${refusedHealth}`);
      const report = health();
      res.writeHead(report.status === "up" ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      return void res.end(JSON.stringify(report));
    }
    if (gate?.serveMetadata(req, res, url.pathname)) return;
    if (url.pathname !== path) return sendJsonRpcError(res, 404, -32601, `Not found: the MCP endpoint is ${path}`);
    const refused = checkHostAndOrigin(req, allowed);
    if (refused) return sendJsonRpcError(res, 403, -32600, `Forbidden: ${refused}`);
    if (!["POST", "GET", "DELETE"].includes(req.method ?? "")) {
      res.setHeader("allow", "GET, POST, DELETE");
      return sendJsonRpcError(res, 405, -32600, `Method ${req.method} not allowed`);
    }
    // Before the body is read: an unauthenticated client cannot make the server parse megabytes.
    if (gate && !(await gate.authenticate(req, res))) return;
    const body = req.method === "POST" ? await readJsonBody(req, limit) : undefined;
    if (req.method === "POST" && !isJsonContentType(req.headers["content-type"] ?? null)) {
      return sendJsonRpcError(res, 415, -32000, "Unsupported Media Type: Content-Type must be application/json", usableId(body) ?? null);
    }
    // Answered here in one sentence; the SDK would answer with a dump of its schema's complaints.
    const malformed = requestProblem(body);
    if (malformed) return sendJsonRpcError(res, 400, malformed.problem.code, malformed.problem.message, malformed.id);
    if (gate && !gate.admit(req, res, body)) return;
    if (req.method === "POST" && isModernPost(req, body)) {
      if (refuseWhenClosing(res)) return;
      const run = connections.lane && laneHttpRunOf(connections.lane, req, body);
      if (run) return serveLaneHttp(run, () => modernHttpScope(req), res, () => serveModern(req, res, body));
      return serveModern(req, res, body);
    }
    const refusedPost = req.method === "POST" ? legacyPostProblem(req) : undefined;
    if (refusedPost) return sendJsonRpcError(res, refusedPost.status, -32000, refusedPost.message, usableId(body) ?? null);
    if (options.stateless) return serveStateless(req, res, body);

    return sessions.handle(req, res, body, () => !refuseWhenClosing(res));
  };

  const serveStateless = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    if (req.method !== "POST") return sendJsonRpcError(res, 405, -32000, "Method not allowed: this server is stateless; use POST");
    const malformed = legacyRequestProblem(body);
    if (malformed) return sendJsonRpcError(res, 400, malformed.problem.code, malformed.problem.message, malformed.id);
    if (refuseWhenClosing(res)) return;
    const server = connections.requestServer({ era: "legacy" });
    const served = sessionTransport({ sessionIdGenerator: undefined, enableJsonResponse: options.enableJsonResponse });
    res.on("close", () => void server.close());
    await server.connect(served.transport);
    return served.handle(req, res, body);
  };

  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        // Part of a refused body may still be coming: close the connection rather than leave it unread.
        if (error.status === 413) res.setHeader("connection", "close");
        sendJsonRpcError(res, error.status, error.code, error.message);
      }
      else sendJsonRpcError(res, 500, -32603, `Internal error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 3000, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  try {
    gate = auth?.(new URL(`http://${shownHost}:${port}${path}`));
  } catch (error) {
    await new Promise((resolve) => http.close(resolve));
    throw error;
  }

  return {
    url: `http://${shownHost}:${port}${path}`,
    port,
    get sessionCount() {
      return sessions.count;
    },
    stopAccepting() {
      // The socket stays open until close(): Node's server.close() also drops connections it deems
      // idle, which can include one whose call is still running. New sessions get a clear 503.
      accepting = false;
    },
    async close() {
      const closing = new Promise<void>((resolve) => http.close(() => resolve()));
      stopNotifying();
      // Ends open subscriptions/listen streams; called after the drain, since it aborts calls still running.
      await modern.close().catch(() => undefined);
      await sessions.close();
      http.closeAllConnections();
      await closing;
    },
  };
}
