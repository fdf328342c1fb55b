import type { JSONRPCMessage, MessageExtraInfo, Server, Transport, TransportSendOptions } from "@modelcontextprotocol/server";
import type { AuthInfo, ProtocolEra } from "../wire-types.js";
import { isId, isPlainEnvelope, isPlainObject, laneCallOf, type LaneCall } from "./lane-call.js";
import type { FastLane } from "./fast-lane.js";

/**
 * A connection's transport (stdio, in memory) with the fast lane in front of the SDK: `tools/call`
 * requests of the usual shape are served by the lane once the connection's era is settled, and
 * everything else reaches the SDK's `serveStdio` unchanged, in order. The lane's calls are cancelled
 * by `notifications/cancelled` and when the connection closes, as the SDK's are.
 */
export class LaneConnection implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  /** "opening" until the SDK is certain to pin an era: an `initialize` (2025), or a 2026-07-28 request. */
  private era: ProtocolEra | "opening" = "opening";
  /** The 2025 server the SDK pinned; the lane serves a 2025 connection once it is initialized. */
  private legacyServer?: Server;
  private readonly calls = new Map<string | number, AbortController>();

  constructor(
    private readonly inner: Transport,
    private readonly lane: FastLane,
    private readonly scope: { connectionId: string; authInfo?: AuthInfo },
  ) {}

  /** Tells the lane which server the SDK made for this connection (the connection's server factory calls it). */
  pinned(era: ProtocolEra, server: Server): void {
    if (era === "legacy") this.legacyServer = server;
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    this.inner.onmessage = (message, extra) => this.receive(message, extra);
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onclose = () => {
      this.abortAll();
      this.onclose?.();
    };
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    this.abortAll();
    return this.inner.close();
  }

  private receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    const call = this.laneCallOf(message);
    if (call) return void this.serve(call, message, extra);
    if (this.cancelsLaneCall(message)) return;
    this.settleEra(message);
    this.onmessage?.(message, extra);
  }

  private laneCallOf(message: JSONRPCMessage): LaneCall | undefined {
    if (this.era === "opening" || (this.era === "legacy" && this.legacyServer?.getClientVersion() === undefined)) return undefined;
    const call = laneCallOf(message, this.era);
    // The same id twice in flight is the SDK's to judge.
    return call && !this.calls.has(call.id) ? call : undefined;
  }

  private async serve(call: LaneCall, message: JSONRPCMessage, extra: MessageExtraInfo | undefined): Promise<void> {
    const controller = new AbortController();
    this.calls.set(call.id, controller);
    let outcome;
    try {
      outcome = await this.lane.call(call, { era: this.era as ProtocolEra, ...this.scope, server: this.legacyServer }, controller.signal);
    } finally {
      this.calls.delete(call.id);
    }
    if (outcome === "sdk") return this.onmessage?.(message, extra);
    if (outcome !== "cancelled") await this.inner.send(outcome.answer as JSONRPCMessage).catch((error: Error) => this.onerror?.(error));
  }

  /** A `notifications/cancelled` for a call on the lane aborts it here; the SDK does not know that call. */
  private cancelsLaneCall(message: JSONRPCMessage): boolean {
    if (!("method" in message) || message.method !== "notifications/cancelled" || "id" in message) return false;
    const requestId = (message.params as { requestId?: unknown } | undefined)?.requestId;
    const controller = isId(requestId) ? this.calls.get(requestId) : undefined;
    if (!controller) return false;
    const reason = (message.params as { reason?: unknown }).reason;
    controller.abort(typeof reason === "string" ? reason : undefined);
    return true;
  }

  /** Follows the SDK's opening rules far enough to know when its era is certain. */
  private settleEra(message: JSONRPCMessage): void {
    if (this.era !== "opening" || !("method" in message) || !("id" in message)) return;
    const params = message.params;
    const meta = isPlainObject(params) && isPlainObject(params._meta) ? params._meta : undefined;
    if (message.method === "initialize") {
      if (!isPlainEnvelope(meta)) this.era = "legacy";
    } else if (message.method !== "server/discover" && isPlainEnvelope(meta)) {
      this.era = "modern";
    }
  }

  private abortAll(): void {
    for (const controller of this.calls.values()) controller.abort();
    this.calls.clear();
  }
}
