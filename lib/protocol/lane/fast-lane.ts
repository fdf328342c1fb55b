import type { IncomingCall } from "../../context/call-context.js";
import { InputNeededSignal } from "../../context/input-round.js";
import type { CacheHint, LiveRegistry } from "../../server/registry.js";
import { LEGACY_PROTOCOL_VERSIONS, SERVER_CAPABILITIES } from "../capabilities.js";
import { principalOf } from "../principal.js";
import type { ServerIdentity } from "../sdk-server.js";
import { traceContextOf } from "../trace-context.js";
import type { AuthInfo, ProtocolEra } from "../wire-types.js";
import { envelopeCapabilities, MODERN_REVISION, type LaneCall, type LaneRead } from "./lane-call.js";
import { ResourceNotFoundError } from "../../errors/resource-not-found-error.js";
import { isProtocolRuntimeLoaded, loadProtocolRuntime, protocolRuntime } from "../protocol-runtime.js";
import { isBuiltByMethod } from "../../pipeline/map-tool-result.js";
import { InvalidParamsError } from "../../errors/invalid-params-error.js";
import type { LazyAbortController } from "../../context/lazy-abort-controller.js";
import { matchTemplate } from "../uri-template.js";
import { LegacyLaneChannel, ModernLaneChannel, type LegacyClient } from "./lane-channels.js";
import { laneErrorOf, unknownHandlerError, type LaneError } from "./lane-errors.js";

/** Where a lane call comes from. */
export interface LaneScope {
  era: ProtocolEra;
  connectionId?: string;
  authInfo?: AuthInfo;
  /** A 2025 call's client (its connection or session): capabilities, log level, questions. */
  legacy?: LegacyClient;
  /** A 2025 HTTP session's id. */
  sessionId?: string;
  /** Hears each call counted in flight (see `IncomingCall.admitted`). */
  admitted?: (requestId: string | number) => void;
}

/** What the lane did with a call: its JSON-RPC answer, nothing (cancelled), or "sdk" (the SDK must serve it). */
export type LaneOutcome = { answer: LaneAnswer } | "cancelled" | "sdk";
export type LaneAnswer = { result: Record<string, unknown>; jsonrpc: "2.0"; id: string | number } | { jsonrpc: "2.0"; id: string | number; error: LaneError };

const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

/**
 * mcpkit's own path for `tools/call`, `resources/read` and `tools/list`, in front of the SDK: the
 * call envelope runs as it does under the SDK, but the message is checked once by plain code
 * (`laneCallOf`) instead of the SDK's zod schemas, and no per-request protocol context is built. Its
 * answers are the SDK's (the lane's specs compare both); anything unusual (progress, a question to
 * the client in the 2026-07-28 era, retry material) is left to the SDK. It imports nothing from the
 * SDK, so a stdio server answers on it before the SDK has loaded.
 */
export class FastLane {
  constructor(
    private readonly registry: LiveRegistry,
    private readonly identity: ServerIdentity,
    private readonly listCacheHint: CacheHint,
    /** False when lists are filtered per caller (`auth.hideForbidden`): the SDK path answers them. */
    readonly servesLists: boolean,
  ) {}

  private readonly resourceUpdated = (uri: string) => this.registry.resourceUpdated(uri);

  async call(call: LaneCall, scope: LaneScope, abort: LazyAbortController): Promise<LaneOutcome> {
    const tool = this.registry.tools.get(call.name);
    if (!tool) return { answer: { jsonrpc: "2.0", id: call.id, error: unknownHandlerError("tool", call.name, this.registry.tools.keys()) } };
    return this.serve(call.id, call.name, call.meta, scope, abort, (incoming) => tool.call(call.args, incoming) as unknown as Promise<Record<string, unknown>>);
  }

  /**
   * `resources/read` of a resource, or of a template once the SDK is loaded (its URI matcher is the
   * SDK's); "sdk" for a template read before that.
   */
  async read(read: LaneRead, scope: LaneScope, abort: LazyAbortController): Promise<LaneOutcome> {
    const fixed = this.registry.resources.get(read.uri);
    if (!fixed && !isProtocolRuntimeLoaded()) return "sdk";
    let match;
    try {
      match = fixed ? undefined : matchTemplate(this.registry.templates, read.uri);
    } catch (error) {
      // The SDK's matcher refuses some URIs (over its length bound): answered as the SDK answers them.
      return { answer: { jsonrpc: "2.0", id: read.id, error: laneErrorOf(error) } };
    }
    if (!fixed && !match) return { answer: { jsonrpc: "2.0", id: read.id, error: laneErrorOf(new ResourceNotFoundError(read.uri)) } };
    const entry = fixed ?? match!.entry;
    const run = (incoming: IncomingCall) => (fixed ? fixed.read(read.uri, incoming) : match!.entry.read(read.uri, match!.variables, incoming)) as unknown as Promise<Record<string, unknown>>;
    // A 2026-07-28 read advertises how long it may be cached: the resource's hint (`@Cached`), always a whole one.
    return this.serve(read.id, read.uri, read.meta, scope, abort, run, (result) => ({ ...result, ...entry.cacheHint }));
  }

  /** Runs one call in the call envelope and answers it as the SDK would. */
  private async serve(
    id: string | number,
    target: string,
    meta: Record<string, unknown> | undefined,
    scope: LaneScope,
    abort: LazyAbortController,
    run: (incoming: IncomingCall) => Promise<Record<string, unknown>>,
    modernFields: (result: Record<string, unknown>) => Record<string, unknown> = (result) => result,
  ): Promise<LaneOutcome> {
    const { era } = scope;
    const channel = era === "modern" ? new ModernLaneChannel(envelopeCapabilities(meta), this.resourceUpdated, target) : new LegacyLaneChannel(scope.legacy!, this.resourceUpdated);
    const incoming: IncomingCall = {
      // Made only if something reads it (most calls never do).
      get signal() {
        return abort.signal;
      },
      requestId: id,
      era,
      sessionId: scope.sessionId,
      connectionId: scope.connectionId,
      principal: principalOf(scope.authInfo),
      client: channel,
      traceContext: traceContextOf(meta),
      admitted: scope.admitted,
    };
    let result: Record<string, unknown>;
    try {
      result = await run(incoming);
    } catch (error) {
      // A cancelled call is never handed on (the SDK would run it again) nor answered.
      if (abort.aborted) return "cancelled";
      if (error instanceof InputNeededSignal || (channel instanceof ModernLaneChannel && channel.round)) return "sdk";
      return { answer: { jsonrpc: "2.0", id, error: laneErrorOf(error) } };
    }
    if (abort.aborted) return "cancelled";
    if (channel instanceof ModernLaneChannel && channel.round) return "sdk";
    if (isBuiltByMethod(result)) {
      try {
        result = await checkedAsTheSdkDoes(result);
      } catch (error) {
        return { answer: { jsonrpc: "2.0", id, error: laneErrorOf(error) } };
      }
    }
    return { answer: { result: era === "modern" ? this.stamped(modernFields(result)) : result, jsonrpc: "2.0", id } };
  }

  /** `tools/list` as the SDK answers it for a server whose lists are the same for every caller. */
  list(id: string | number, era: ProtocolEra): LaneAnswer {
    const result = { tools: this.registry.toolList };
    return { result: era === "modern" ? this.stamped({ ...result, resultType: "complete", ...this.listCacheHint }) : result, jsonrpc: "2.0", id };
  }

  /** The answer to a 2025 `initialize` of the usual shape, as the SDK's server gives it (the version asked for when supported, else the newest). */
  initialize(id: string | number, requested: string): LaneAnswer {
    const { info, instructions } = this.identity;
    const protocolVersion = LEGACY_PROTOCOL_VERSIONS.includes(requested) ? requested : LEGACY_PROTOCOL_VERSIONS[0]!;
    const result = { protocolVersion, capabilities: SERVER_CAPABILITIES, serverInfo: info, ...(instructions && { instructions }) };
    return { result, jsonrpc: "2.0", id };
  }

  /** The answer to a plain `server/discover` probe, as the SDK's server gives it (it pins no era). */
  discover(id: string | number): LaneAnswer {
    const { instructions } = this.identity;
    // In the SDK's order; mcpkit sets no cache hint for discover, so the SDK answers ttlMs 0, private.
    const result = { supportedVersions: [MODERN_REVISION], capabilities: { ...SERVER_CAPABILITIES }, ...(instructions && { instructions }), resultType: "complete", ttlMs: 0, cacheScope: "private" };
    return { result: this.stamped(result), jsonrpc: "2.0", id };
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

/**
 * A tool result the method built itself (`ToolResult`) checked as the SDK's server checks every
 * tool result, loading the SDK for it if need be (mcpkit's own results are well formed as built).
 */
async function checkedAsTheSdkDoes(result: Record<string, unknown>): Promise<Record<string, unknown>> {
  const runtime = isProtocolRuntimeLoaded() ? protocolRuntime() : await loadProtocolRuntime();
  const checked = runtime.checkToolResult(result);
  if (!checked.ok) throw new InvalidParamsError(checked.message);
  return checked.value;
}
