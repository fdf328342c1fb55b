import { randomBytes } from "node:crypto";
import { McpKitError } from "../errors/mcpkit-error.js";

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

/** The checked key and lifetime the `requestState` codec is made with, once the SDK is loaded. */
export interface RequestStateKey {
  key: string | Uint8Array;
  ttlSeconds: number;
}

/** Checks the options at start-up (a short secret fails there) and settles their defaults. */
export function requestStateKey(options: RequestStateOptions = {}): RequestStateKey {
  const key = options.secret ?? randomBytes(32);
  const length = typeof key === "string" ? Buffer.byteLength(key) : key.length;
  if (length < 32) {
    throw new McpKitError(`requestState secret: ${length} bytes is too short to seal state safely. Fix: use at least 32 bytes, e.g. \`openssl rand -base64 32\`.`);
  }
  return { key, ttlSeconds: options.ttlSeconds ?? 600 };
}
