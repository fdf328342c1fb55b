import { createHash } from "node:crypto";
import type { CallContext } from "../context/call-context.js";

const connectionIds = new WeakMap<object, number>();
let lastConnectionId = 0;

/**
 * Who is calling, for results that depend on the caller (cache entries, scoped batches):
 * the authenticated principal when the transport authenticated the request (`authInfo.extra.sub`,
 * else a hash of the token: never the token itself), else the MCP session, else the connection.
 * Outside any call it is "none".
 */
export function callerIdentity(call: CallContext | undefined): string {
  if (!call) return "none";
  const auth = call.extra.authInfo;
  if (auth) {
    const subject = auth.extra?.sub;
    if (typeof subject === "string" && subject !== "") return `sub:${subject}`;
    return `token:${createHash("sha256").update(auth.token).digest("base64url").slice(0, 24)}`;
  }
  if (call.sessionId) return `session:${call.sessionId}`;
  // stdio and in-memory connections have no session id: each SDK server is one client.
  let id = connectionIds.get(call.server);
  if (id === undefined) connectionIds.set(call.server, (id = ++lastConnectionId));
  return `connection:${id}`;
}
