import type { Server } from "@modelcontextprotocol/server";
import type { IncomingCall } from "../../context/call-context.js";
import type { LiveRegistry } from "../../server/registry.js";
import { principalOf } from "../principal.js";
import { toProtocolError, unknownHandler, type ServerIdentity } from "../sdk-server.js";
import { traceContextOf } from "../trace-context.js";
import type { AuthInfo, ProtocolEra } from "../wire-types.js";
import { envelopeCapabilities, type LaneCall } from "./lane-call.js";
import { InputNeededSignal } from "../../context/input-round.js";
import { LegacyLaneChannel, ModernLaneChannel, type LaneLogSink } from "./lane-channels.js";

/** Where a lane call comes from. */
export interface LaneScope {
  era: ProtocolEra;
  connectionId?: string;
  authInfo?: AuthInfo;
  /** A 2025 connection's pinned SDK server (or session's): it asks the client, and keeps its log level. */
  server?: Server;
  /** A 2025 HTTP session's id, and where its call's log messages go. */
  session?: LaneLogSink;
}

/** What the lane did with a call: its JSON-RPC answer, nothing (cancelled), or "sdk" (the SDK must serve it). */
export type LaneOutcome = { answer: LaneAnswer } | "cancelled" | "sdk";
export type LaneAnswer =
  | { result: Record<string, unknown>; jsonrpc: "2.0"; id: string | number }
  | { jsonrpc: "2.0"; id: string | number; error: { code: number; message: string; data?: unknown } };

const INTERNAL_ERROR = -32603;
const RESOURCE_NOT_FOUND = -32002;
const INVALID_PARAMS = -32602;
const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

/**
 * mcpkit's own path for `tools/call`, in front of the SDK: the call envelope runs as it does under
 * the SDK, but the message is checked once by plain code (`laneCallOf`) instead of the SDK's zod
 * schemas, and no per-request protocol context is built. Its answers are the SDK's, byte for byte
 * (the lane's specs compare both); anything unusual (progress, a question to the client in the
 * 2026-07-28 era, retry material) is left to the SDK.
 */
export class FastLane {
  constructor(
    private readonly registry: LiveRegistry,
    private readonly identity: ServerIdentity,
  ) {}

  private readonly resourceUpdated = (uri: string) => this.registry.resourceUpdated(uri);

  async call(call: LaneCall, scope: LaneScope, signal: AbortSignal): Promise<LaneOutcome> {
    const { era } = scope;
    const tool = this.registry.tools.get(call.name);
    if (!tool) return { answer: errorAnswer(call.id, unknownHandler("tool", call.name, this.registry.tools.keys()), era) };
    const channel = era === "modern" ? new ModernLaneChannel(envelopeCapabilities(call.meta), this.resourceUpdated, call.name) : new LegacyLaneChannel(scope.server!, this.resourceUpdated, scope.session);
    const incoming: IncomingCall = {
      signal,
      requestId: call.id,
      era,
      sessionId: scope.session?.sessionId,
      connectionId: scope.connectionId,
      principal: principalOf(scope.authInfo),
      client: channel,
      traceContext: traceContextOf(call.meta),
    };
    let result: Record<string, unknown>;
    try {
      result = (await tool.call(call.args, incoming)) as unknown as Record<string, unknown>;
    } catch (error) {
      if (error instanceof InputNeededSignal || (channel instanceof ModernLaneChannel && channel.round)) return "sdk";
      return signal.aborted ? "cancelled" : { answer: errorAnswer(call.id, toProtocolError(error), era) };
    }
    if (channel instanceof ModernLaneChannel && channel.round) return "sdk";
    if (signal.aborted) return "cancelled";
    return { answer: { result: era === "modern" ? this.stamped(result) : result, jsonrpc: "2.0", id: call.id } };
  }

  /** A 2026-07-28 result as the SDK's codec stamps it: `resultType`, then the server's identity in `_meta`. */
  private stamped(result: Record<string, unknown>): Record<string, unknown> {
    const typed = result.resultType === undefined ? { ...result, resultType: "complete" } : result;
    const meta = typed._meta as Record<string, unknown> | undefined;
    if (meta === undefined) return { ...typed, _meta: { [SERVER_INFO]: this.identity.info } };
    if (typeof meta !== "object" || meta === null || Array.isArray(meta) || meta[SERVER_INFO] !== undefined) return typed;
    return { ...typed, _meta: { ...meta, [SERVER_INFO]: this.identity.info } };
  }
}

/** A thrown error as the SDK answers it: its code when an integer (2026-07-28 maps resource-not-found to invalid params). */
function errorAnswer(id: string | number, error: unknown, era: ProtocolEra): LaneAnswer {
  const thrown = error as { code?: unknown; message?: unknown; data?: unknown };
  const code = Number.isSafeInteger(thrown.code) ? (thrown.code as number) : INTERNAL_ERROR;
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: era === "modern" && code === RESOURCE_NOT_FOUND ? INVALID_PARAMS : code,
      message: typeof thrown.message === "string" ? thrown.message : "Internal error",
      ...(thrown.data !== undefined && { data: thrown.data }),
    },
  };
}
