import { randomBytes } from "node:crypto";
import { createRequestStateCodec, type RequestStateCodec } from "@modelcontextprotocol/server";
import { McpKitError } from "../errors/mcpkit-error.js";
import type { SealedInputs } from "../context/input-round.js";

/** Options of the sealed `requestState` that carries a 2026-07-28 call's answers between rounds. */
export interface RequestStateOptions {
  /**
   * The HMAC key (at least 32 bytes) that seals `requestState`. Every instance that may receive a
   * retry must share it; default: a random key per process (one instance only).
   */
  secret?: string | Uint8Array;
  /** How long a retry may come after the round that asked; default 600 s. */
  ttlSeconds?: number;
}

/**
 * The codec that seals and verifies `requestState` (HMAC; the SDK's codec). State is bound to the
 * request's method here; the sealed inputs also name the call's target and principal, which the
 * protocol server checks (a connection's principal is not visible to the codec).
 */
export function createInputStateCodec(options: RequestStateOptions = {}): RequestStateCodec<SealedInputs> {
  const key = options.secret ?? randomBytes(32);
  const length = typeof key === "string" ? Buffer.byteLength(key) : key.length;
  if (length < 32) {
    throw new McpKitError(`requestState secret: ${length} bytes is too short to seal state safely. Fix: use at least 32 bytes, e.g. \`openssl rand -base64 32\`.`);
  }
  return createRequestStateCodec<SealedInputs>({
    key,
    ttlSeconds: options.ttlSeconds ?? 600,
    bind: (ctx) => ctx.mcpReq.method,
  });
}
