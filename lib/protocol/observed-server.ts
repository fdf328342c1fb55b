import { Server, type JSONRPCRequest, type Result, type ServerContext } from "@modelcontextprotocol/server";
import type { ObservedRequest, RequestObserver } from "../telemetry/observed-request.js";
import { traceContextOf } from "./trace-context.js";

type Handler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/**
 * The SDK server with every request handler (mcpkit's and the SDK's own: initialize, ping,
 * server/discover, ...) run inside the application's request observer: telemetry's one hook into
 * the protocol layer. It wraps the SDK's own wrapping, so it also sees the SDK's validation errors.
 */
export class ObservedServer extends Server {
  // Read when a request arrives: the SDK registers its own handlers while this constructor runs.
  observer?: RequestObserver;

  protected override _wrapHandler(method: string, handler: Handler): Handler {
    const wrapped = super._wrapHandler(method, handler);
    return (request, ctx) => (this.observer ? this.observer(describe(this, method, request, ctx), () => wrapped(request, ctx)) : wrapped(request, ctx));
  }
}

function describe(server: Server, method: string, request: JSONRPCRequest, ctx: ServerContext): ObservedRequest {
  const params = request.params as { name?: unknown; uri?: unknown } | undefined;
  return {
    method,
    requestId: ctx.mcpReq.id,
    name: typeof params?.name === "string" ? params.name : undefined,
    uri: typeof params?.uri === "string" ? params.uri : undefined,
    sessionId: ctx.sessionId,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the one accessor that reports both eras' version
    protocolVersion: server.getNegotiatedProtocolVersion(),
    http: ctx.http !== undefined,
    traceContext: traceContextOf(ctx.mcpReq._meta),
    signal: ctx.mcpReq.signal,
  };
}
