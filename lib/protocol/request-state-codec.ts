import { createRequestStateCodec, type RequestStateCodec } from "@modelcontextprotocol/server";
import type { SealedInputs } from "../context/input-round.js";
import type { RequestStateKey } from "./request-state.js";

/**
 * The codec that seals and verifies `requestState` (HMAC; the SDK's codec). State is bound to the
 * request's method here; the sealed inputs also name the call's target and principal, which the
 * protocol server checks (a connection's principal is not visible to the codec).
 */
export function createInputStateCodec({ key, ttlSeconds }: RequestStateKey): RequestStateCodec<SealedInputs> {
  return createRequestStateCodec<SealedInputs>({
    key,
    ttlSeconds,
    bind: (ctx) => ctx.mcpReq.method,
  });
}
