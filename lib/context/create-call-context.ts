import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { CallContext, RequestExtra } from "./call-context.js";

/** The context of one incoming request, before any deadline narrows it. */
export function createCallContext(kind: CallContext["kind"], name: string, extra: RequestExtra, server: Server): CallContext {
  return { kind, name, signal: extra.signal, sessionId: extra.sessionId, requestId: extra.requestId, server, extra };
}
