import type { CallContext } from "../context/call-context.js";

/**
 * Who is calling, for results that depend on the caller (cache entries, scoped batches): the
 * authenticated principal when the transport authenticated the request, else the 2025 HTTP session,
 * else the connection (stdio, in memory). Session and connection ids are random, so they never
 * repeat across processes sharing a Redis cache. A 2026-07-28 HTTP request without a principal has
 * no identity at all (undefined): its per-caller results are not cached. The client's self-reported
 * `clientInfo` is never used. Outside any call it is "none".
 */
export function callerIdentity(call: CallContext | undefined): string | undefined {
  if (!call) return "none";
  if (call.principal) return `principal:${call.principal.id}`;
  if (call.sessionId) return `session:${call.sessionId}`;
  if (call.connectionId) return `connection:${call.connectionId}`;
  return undefined;
}
