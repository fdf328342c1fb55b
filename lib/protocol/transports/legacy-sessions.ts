import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sessionTransport, type SessionTransport } from "./session-transport.js";
import { isInitializeRequest, type Server } from "@modelcontextprotocol/server";
import { legacyRequestProblem, usableId } from "../request-shape.js";
import type { Connections } from "../connections.js";
import { sendJsonRpcError } from "./http-guards.js";
import { MemoryEventStore } from "./memory-event-store.js";
import { principalOf } from "../principal.js";
import type { AuthInfo } from "../wire-types.js";
import { LaneSessionCalls, laneRunOf, serveLaneHttp, type LaneHttpResponse } from "../lane/lane-http.js";
import { isLogged } from "../lane/lane-channels.js";
import type { LaneScope } from "../lane/fast-lane.js";

/** How 2025 sessions are kept. */
export interface LegacySessionOptions {
  enableJsonResponse?: boolean;
  /** Events kept per session for resumability; 0 turns the event store off. */
  resumableEvents: number;
  /** Bytes of events kept per session. */
  resumableBytes: number;
  retryInterval: number;
  /** A session with no request or stream open for this long is closed; 0 never closes one. */
  sessionIdleMs: number;
}

interface Session {
  readonly served: SessionTransport;
  readonly server: Server;
  /** The id mcpkit gave the session's connection (the call context's `connectionId`). */
  readonly connectionId: string;
  /** Requests and streams of the session still open: a session listening on a GET stream is not idle. */
  open: number;
  idle?: NodeJS.Timeout;
  /** Who opened the session (when the endpoint checks tokens): only that principal may use it. */
  readonly principalId?: string;
  /** The session's calls on the fast lane: its client may cancel them; they end with it. */
  readonly laneCalls: LaneSessionCalls;
}

/**
 * The 2025 Streamable HTTP sessions of one endpoint: `initialize` creates one, `Mcp-Session-Id`
 * finds it, and an idle one is closed after `sessionIdleMs` so abandoned sessions do not pile up.
 */
export class LegacySessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly connections: Connections,
    private readonly options: LegacySessionOptions,
  ) {}

  get count(): number {
    return this.sessions.size;
  }

  /** Serves a request of an existing session, or an initialize that opens one. */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown, accepting: () => boolean): Promise<void> {
    // Refusals name the request's id, so a client waiting for that id hears why.
    const id = usableId(body) ?? null;
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = this.sessions.get(sessionId);
      // The client recovers from a 404 by initializing again (for example on another instance). A session
      // is bound to the principal that opened it: to anyone else it does not exist.
      if (!session || session.principalId !== principalIdOf(req)) return sendJsonRpcError(res, 404, -32001, `Session not found: "${sessionId}" is unknown, expired or closed; initialize a new session`, id);
      if (isInitialize(body)) return sendJsonRpcError(res, 400, -32600, "Invalid Request: this session is already initialized", id);
      const malformed = legacyRequestProblem(body);
      if (malformed) return sendJsonRpcError(res, 400, malformed.problem.code, malformed.problem.message, malformed.id);
      this.track(session, res);
      // The SDK answers the notification; the call it names may be one it never saw.
      session.laneCalls.cancel(body);
      // With resumable streams on, every call streams through the SDK's transport (its events can be replayed, its stream closed).
      const lane = this.connections.lane && this.options.resumableEvents === 0 && req.method === "POST" && session.server.getClientVersion() !== undefined ? laneRunOf(this.connections.lane, body, "legacy") : undefined;
      if (lane) {
        const { server, connectionId } = session;
        const scope = (response: LaneHttpResponse): LaneScope => ({
          era: "legacy",
          connectionId,
          sessionId,
          authInfo: (req as { auth?: AuthInfo }).auth,
          legacy: {
            capabilities: () => server.getClientCapabilities(),
            // A log message rides the call's own response, as the SDK sends it on the request's stream
            // (which JSON answers do not have: the SDK drops it then).
            log: (params) => (!this.options.enableJsonResponse && isLogged(server, sessionId, params.level) ? response.send({ jsonrpc: "2.0", method: "notifications/message", params }) : Promise.resolve()),
            server: () => Promise.resolve(server),
          },
        });
        return serveLaneHttp(lane.run, scope, res, () => session.served.handle(req, res, body), { calls: session.laneCalls, id: lane.id, headers: { "mcp-session-id": sessionId } });
      }
      return session.served.handle(req, res, body);
    }
    if (req.method !== "POST" || !isInitialize(body)) {
      return sendJsonRpcError(res, 400, -32000, "Bad Request: no Mcp-Session-Id header; send an initialize request first", id);
    }
    // An initialize without an id is a notification: nobody could learn the session it would open.
    if (id === null) return sendJsonRpcError(res, 400, -32600, "Invalid Request: initialize must be a request with an id");
    if (!accepting()) return;
    const connectionId = randomUUID();
    const server = this.connections.connectionServer("legacy", { connectionId });
    const served: SessionTransport = sessionTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: this.options.enableJsonResponse,
      eventStore: this.options.resumableEvents > 0 ? new MemoryEventStore(this.options.resumableEvents, this.options.resumableBytes) : undefined,
      retryInterval: this.options.retryInterval,
      onsessioninitialized: (id) => {
        const session: Session = { served, server, connectionId, open: 0, principalId: principalIdOf(req), laneCalls: new LaneSessionCalls() };
        this.sessions.set(id, session);
        this.track(session, res);
      },
    });
    const { transport } = served;
    transport.onclose = () => {
      const session = transport.sessionId === undefined ? undefined : this.sessions.get(transport.sessionId);
      if (session) clearTimeout(session.idle);
      session?.laneCalls.closeAll();
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await served.handle(req, res, body);
    // Refused before a session began (a bad Accept or Content-Type header): nothing will use this server again.
    if (transport.sessionId === undefined) await server.close();
  }

  /** Closes every session (their servers abort calls still running). */
  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of open) {
      clearTimeout(session.idle);
      session.laneCalls.closeAll();
    }
    await Promise.allSettled(open.map((s) => s.server.close()));
  }

  /** Counts `res` as open on the session until it ends; the idle clock runs only while nothing is open. */
  private track(session: Session, res: ServerResponse): void {
    session.open++;
    clearTimeout(session.idle);
    session.idle = undefined;
    res.once("close", () => {
      session.open--;
      if (session.open > 0 || this.options.sessionIdleMs <= 0) return;
      session.idle = setTimeout(() => void this.expire(session), this.options.sessionIdleMs).unref();
    });
  }

  private async expire(session: Session): Promise<void> {
    const id = session.served.transport.sessionId;
    if (id === undefined || this.sessions.get(id) !== session || session.open > 0) return;
    this.sessions.delete(id);
    session.laneCalls.closeAll();
    await session.server.close().catch(() => undefined);
  }
}

function principalIdOf(req: IncomingMessage): string | undefined {
  return principalOf((req as IncomingMessage & { auth?: AuthInfo }).auth)?.id;
}

/** The method is checked first: the SDK's schema check fails slowly on every other request of a session. */
function isInitialize(body: unknown): boolean {
  const check = (message: unknown) => (message as { method?: unknown } | null)?.method === "initialize" && isInitializeRequest(message);
  return Array.isArray(body) ? body.some(check) : check(body);
}
