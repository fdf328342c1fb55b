import type { ProtocolEra } from "../wire-types.js";

/** A `tools/call` the fast lane serves itself: the common shape, checked without the SDK's schemas. */
export interface LaneCall {
  readonly id: string | number;
  readonly name: string;
  readonly args: Record<string, unknown>;
  /** The request's `_meta` (a 2026-07-28 request's envelope), if any. */
  readonly meta?: Record<string, unknown>;
}

export const MODERN_REVISION = "2026-07-28";
export const PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
const CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
const CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
const TRACE_KEYS = new Set(["traceparent", "tracestate", "baggage"]);
const MESSAGE_KEYS = new Set(["jsonrpc", "id", "method", "params"]);
const PARAMS_KEYS = new Set(["name", "arguments", "_meta"]);
const CLIENT_INFO_KEYS = new Set(["name", "version", "title"]);
/** Client capabilities and the members each may hold; `true` marks a member that is a boolean. */
const CAPABILITY_MEMBERS: Record<string, Record<string, boolean> | "record"> = {
  roots: { listChanged: true },
  sampling: { context: false, tools: false },
  elicitation: { form: false, url: false },
  experimental: "record",
  extensions: "record",
};

/**
 * The call in `message` when the fast lane may serve it, else undefined (the SDK serves it). The
 * lane takes only what the SDK would certainly accept and answer the same way, so this is stricter
 * than the protocol: a `tools/call` with just `name`, `arguments` and `_meta`; no progress token, no
 * retry material (`inputResponses`, `requestState`), no log level; and in the 2026-07-28 era an
 * envelope naming exactly that revision, with capabilities and client info of the usual shapes.
 */
export function laneCallOf(message: unknown, era: ProtocolEra): LaneCall | undefined {
  if (!isPlainRequest(message, "tools/call")) return undefined;
  const params = message.params;
  if (!isPlainObject(params) || typeof params.name !== "string" || !hasOnly(params, PARAMS_KEYS)) return undefined;
  const args = params.arguments;
  // The SDK's schema drops an own `__proto__` argument; such a call is left to it.
  if (args !== undefined && (!isPlainObject(args) || Object.hasOwn(args, "__proto__"))) return undefined;
  const meta = params._meta;
  if (meta !== undefined && !isPlainObject(meta)) return undefined;
  if (era === "modern" ? !isPlainEnvelope(meta) : meta !== undefined && !isPlainLegacyMeta(meta)) return undefined;
  return { id: message.id, name: params.name, args: args ?? {}, meta };
}

/** A 2026-07-28 envelope whose every key the lane understands, naming that revision. */
export function isPlainEnvelope(meta: Record<string, unknown> | undefined): boolean {
  if (meta === undefined || meta[PROTOCOL_VERSION] !== MODERN_REVISION || !isPlainCapabilities(meta[CLIENT_CAPABILITIES])) return false;
  for (const key in meta) {
    if (key === PROTOCOL_VERSION || key === CLIENT_CAPABILITIES) continue;
    if (key === CLIENT_INFO ? !isPlainClientInfo(meta[key]) : !(TRACE_KEYS.has(key) && typeof meta[key] === "string")) return false;
  }
  return true;
}

/** The request's declared client capabilities (2026-07-28 envelope). */
export function envelopeCapabilities(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return meta?.[CLIENT_CAPABILITIES] as Record<string, unknown> | undefined;
}

const INITIALIZE_KEYS = new Set(["protocolVersion", "capabilities", "clientInfo"]);

/** The params of an `initialize` request of the usual shape (which the SDK certainly accepts), else undefined. */
export function plainInitializeOf(message: unknown): { id: string | number; protocolVersion: string; capabilities: Record<string, unknown> } | undefined {
  if (!isPlainRequest(message, "initialize")) return undefined;
  const params = message.params;
  if (!isPlainObject(params) || !hasOnly(params, INITIALIZE_KEYS) || typeof params.protocolVersion !== "string") return undefined;
  if (!isPlainCapabilities(params.capabilities) || !isPlainClientInfo(params.clientInfo)) return undefined;
  return { id: message.id, protocolVersion: params.protocolVersion, capabilities: params.capabilities as Record<string, unknown> };
}

/**
 * A `tools/list` request the lane answers: no cursor, and in the 2026-07-28 era an envelope of the
 * usual shape (`laneCallOf`'s rules). Returns its id.
 */
export function laneListOf(message: unknown, era: ProtocolEra): { id: string | number; meta?: Record<string, unknown> } | undefined {
  if (!isPlainRequest(message, "tools/list")) return undefined;
  const params = message.params;
  if (params !== undefined && (!isPlainObject(params) || !hasOnly(params, LIST_KEYS))) return undefined;
  const meta = params?._meta;
  if (meta !== undefined && !isPlainObject(meta)) return undefined;
  if (era === "modern" ? !isPlainEnvelope(meta) : meta !== undefined && !isPlainLegacyMeta(meta)) return undefined;
  return { id: message.id, meta };
}

const LIST_KEYS = new Set(["_meta"]);

/** A `server/discover` probe with a plain 2026-07-28 envelope (`laneCallOf`'s rules) and nothing else; returns its id. */
export function plainDiscoverOf(message: unknown): string | number | undefined {
  if (!isPlainRequest(message, "server/discover")) return undefined;
  const params = message.params;
  if (!isPlainObject(params) || !hasOnly(params, LIST_KEYS) || !isPlainObject(params._meta) || !isPlainEnvelope(params._meta)) return undefined;
  return message.id;
}
const READ_KEYS = new Set(["uri", "_meta"]);

/** A `resources/read` the lane serves itself: a URI and a `_meta` of the usual shape (`laneCallOf`'s rules). */
export interface LaneRead {
  readonly id: string | number;
  readonly uri: string;
  readonly meta?: Record<string, unknown>;
}

/** The read in `message` when the fast lane may serve it, else undefined. */
export function laneReadOf(message: unknown, era: ProtocolEra): LaneRead | undefined {
  if (!isPlainRequest(message, "resources/read")) return undefined;
  const params = message.params;
  if (!isPlainObject(params) || typeof params.uri !== "string" || !hasOnly(params, READ_KEYS)) return undefined;
  const meta = params._meta;
  if (meta !== undefined && !isPlainObject(meta)) return undefined;
  if (era === "modern" ? !isPlainEnvelope(meta) : meta !== undefined && !isPlainLegacyMeta(meta)) return undefined;
  return { id: message.id, uri: params.uri, meta };
}

/** 2025 `_meta`: anything but a progress token (progress goes the SDK's way) and the protocol's own keys. */
function isPlainLegacyMeta(meta: Record<string, unknown>): boolean {
  for (const key in meta) if (key === "progressToken" || key.startsWith("io.modelcontextprotocol/")) return false;
  return true;
}

export function isPlainClientInfo(value: unknown): boolean {
  if (!isPlainObject(value) || typeof value.name !== "string" || typeof value.version !== "string") return false;
  for (const key in value) if (!CLIENT_INFO_KEYS.has(key) || typeof value[key] !== "string") return false;
  return true;
}

export function isPlainCapabilities(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const capability in value) {
    const members = CAPABILITY_MEMBERS[capability];
    const declared = value[capability];
    if (members === undefined || !isPlainObject(declared)) return false;
    for (const member in declared) {
      const boolean = members === "record" ? false : members[member];
      if (boolean === undefined) return false;
      if (boolean ? typeof declared[member] !== "boolean" : !isPlainObject(declared[member])) return false;
    }
  }
  return true;
}

/** A JSON-RPC request of `method` with a usable id and nothing but the four message keys. */
function isPlainRequest(message: unknown, method: string): message is Record<string, unknown> & { id: string | number; params?: unknown } {
  return isPlainObject(message) && message.method === method && message.jsonrpc === "2.0" && isId(message.id) && hasOnly(message, MESSAGE_KEYS);
}

/** The request a `notifications/cancelled` names, and its reason; undefined for any other message. */
export function cancellationOf(message: unknown): { requestId: string | number; reason?: string } | undefined {
  if (!isPlainObject(message) || message.method !== "notifications/cancelled" || "id" in message || !isPlainObject(message.params)) return undefined;
  const { requestId, reason } = message.params;
  if (!isId(requestId)) return undefined;
  return { requestId, reason: typeof reason === "string" ? reason : undefined };
}

function hasOnly(value: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

export function isId(value: unknown): value is string | number {
  return typeof value === "string" || (typeof value === "number" && Number.isSafeInteger(value));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
