import { randomUUID } from "node:crypto";
import type { JSONRPCMessage, MessageExtraInfo, Server, Transport, TransportSendOptions } from "@modelcontextprotocol/server";
import type { AuthInfo, ClientCapabilities, LoggingLevel, ProtocolEra } from "../wire-types.js";
import { cancellationOf, isId, isPlainEnvelope, isPlainObject, laneCallOf, laneListOf, laneReadOf, plainDiscoverOf, plainInitializeOf, PROTOCOL_VERSION } from "./lane-call.js";
import type { LegacyClient } from "./lane-channels.js";
import { LazyAbortController } from "../../context/lazy-abort-controller.js";
import type { FastLane, LaneAnswer, LaneOutcome, LaneScope } from "./fast-lane.js";
import { connectionClosed, laneErrorOf } from "./lane-errors.js";

/** What a connection's lane does with the SDK: load it (the first time it is needed) and serve the connection with it. */
export interface SdkAttachment {
  /** Loads the SDK and makes it serve this connection (`serveStdio` on this transport); resolves once it does. */
  attach(): Promise<void>;
}

/**
 * A connection's transport (stdio, in memory) with the fast lane in front of the SDK. Plain
 * `tools/call`, `resources/read` and `tools/list` requests are served by the lane once the connection's era is settled;
 * everything else reaches the SDK's `serveStdio` unchanged, in order. The lane's calls are cancelled
 * by `notifications/cancelled` and when the connection closes, as the SDK's are.
 *
 * Until the SDK is loaded the lane also opens the connection: it answers a plain `initialize` or
 * `server/discover` probe as the SDK would (or serves a first 2026-07-28 call), so the client's first answers do not wait for the
 * SDK's modules. Anything else waits in a queue, and every message after it too, so the SDK sees them
 * in order. Once the SDK serves the connection, the lane replays the opening to it (an `initialize`,
 * or a 2026-07-28 request that pins that era) under ids of its own, whose answers it drops.
 */
export class LaneConnection implements Transport, LegacyClient {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  /** "opening" until the SDK is certain to pin an era: an `initialize` (2025), or a 2026-07-28 request. */
  private era: ProtocolEra | "opening" = "opening";
  /** The 2025 server the SDK pinned; the lane serves a 2025 connection once it is initialized. */
  private legacyServer?: Server;
  private readonly calls = new Map<string | number, LazyAbortController>();
  private started?: Promise<void>;
  /** Set while the SDK does not serve the connection yet. */
  private early?: {
    /** Messages for after the SDK attaches, in order; `toSdk` marks a call the lane handed back. */
    queue: { message: JSONRPCMessage; extra?: MessageExtraInfo; toSdk?: boolean }[];
    /** What opened the connection, replayed to the SDK: the client's `initialize` (and `initialized`), or a 2026-07-28 envelope. */
    opening?: { initialize: JSONRPCMessage; initialized?: JSONRPCMessage } | { envelope: Record<string, unknown> };
    attaching?: Promise<void>;
  };
  /** Requests that waited for the SDK and have neither been answered nor begun a call; `settled()` waits for them. */
  private readonly awaitingSdk = new Set<string | number>();
  private whenSettled?: { promise: Promise<void>; resolve: () => void };
  /** Ids of the requests replayed to the SDK, whose answers the client must not see. */
  private readonly replayed = new Set<string>();
  /** The id of the replayed `initialize`: its answer means the SDK's server knows the client. */
  private replayedInitialize?: string;
  /** What the client declared in an `initialize` the lane answered. */
  private openingCapabilities?: ClientCapabilities;
  private initialized!: () => void;
  private neverInitialized!: (reason: Error) => void;
  /** Resolves when the SDK's 2025 server has served the client's `initialize`; rejects if the connection closes first. */
  private readonly sdkInitialized = new Promise<void>((resolve, reject) => {
    this.initialized = resolve;
    this.neverInitialized = reject;
  });

  constructor(
    private readonly inner: Transport,
    private readonly lane: FastLane,
    private readonly scope: { connectionId: string; authInfo?: AuthInfo },
    private readonly sdk?: SdkAttachment,
  ) {
    if (sdk) this.early = { queue: [] };
    // Nobody may be waiting for it: a rejection nobody reads is not an error.
    this.sdkInitialized.catch(() => undefined);
  }

  /** Tells the lane which server the SDK made for this connection (the connection's server factory calls it). */
  pinned(era: ProtocolEra, server: Server): void {
    if (era === "legacy") this.legacyServer = server;
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  /** Starts reading (once: the lane starts it before the SDK, which starts it again when it attaches). */
  start(): Promise<void> {
    return (this.started ??= this.startInner());
  }

  private startInner(): Promise<void> {
    this.inner.onmessage = (message, extra) => this.receive(message, extra);
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onclose = () => {
      this.abortAll();
      this.onclose?.();
    };
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ("id" in message && !("method" in message)) {
      if (typeof message.id === "string" && this.replayed.delete(message.id)) {
        if (message.id === this.replayedInitialize) this.initialized();
        return Promise.resolve();
      }
      if (isId(message.id)) this.stopWaiting(message.id);
    }
    return this.inner.send(message, options);
  }

  /**
   * Hears each call of this connection (on the lane or through the SDK) once it counts in flight:
   * from then on the shutdown's drain waits for it, so `settled()` no longer has to.
   */
  readonly admitted = (requestId: string | number): void => this.stopWaiting(requestId);

  /**
   * Resolves once every request that waited for the SDK (loading it if need be) is answered or has
   * begun its call. A shutdown waits for this before it stops accepting calls, so a client that
   * hangs up right after its last message still gets every answer, while calls already running are
   * drained as usual (waiting for their answers here would keep shutdown accepting new calls).
   * Undefined when no request waits, so that shutdown stops accepting without a turn's delay.
   */
  settled(): Promise<void> | undefined {
    if (this.awaitingSdk.size === 0) return undefined;
    void this.attach();
    if (!this.whenSettled) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.whenSettled = { promise, resolve };
    }
    return this.whenSettled.promise;
  }

  close(): Promise<void> {
    this.abortAll();
    return this.inner.close();
  }

  /** Called once `serveStdio` set its handlers on this transport: replays the opening, then the queue. */
  sdkAttached(): void {
    const early = this.early;
    this.early = undefined;
    if (!early) return;
    const opening = early.opening;
    if (opening && "initialize" in opening) {
      this.replayedInitialize = this.replayId();
      this.onmessage?.({ ...opening.initialize, id: this.replayedInitialize } as JSONRPCMessage);
      if (opening.initialized) this.onmessage?.(opening.initialized);
    } else if (opening) {
      this.onmessage?.({ jsonrpc: "2.0", id: this.replayId(), method: "tools/list", params: { _meta: opening.envelope } });
    }
    for (const { message, extra, toSdk } of early.queue) (toSdk ? this.onmessage?.(message, extra) : this.receive(message, extra));
  }

  // LegacyClient: the client of a 2025 call on the lane.

  capabilities(): ClientCapabilities | undefined {
    return this.legacyServer?.getClientCapabilities() ?? this.openingCapabilities;
  }

  log(params: { level: LoggingLevel; data: unknown; logger?: string }): Promise<void> {
    // Before the SDK serves, no `logging/setLevel` was served either (it waits in the queue): no level filters yet.
    if (this.early || !this.legacyServer) return this.inner.send({ jsonrpc: "2.0", method: "notifications/message", params } as JSONRPCMessage).catch(() => undefined);
    return this.legacyServer.sendLoggingMessage(params);
  }

  async server(): Promise<Server> {
    if (this.legacyServer?.getClientVersion() === undefined) {
      void this.attach();
      await this.sdkInitialized;
    }
    return this.legacyServer!;
  }

  private receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if (this.cancelsLaneCall(message)) return;
    const early = this.early;
    if (early) {
      if (early.queue.length === 0 && this.openEarly(message)) return;
      early.queue.push({ message, extra });
      if (awaitsAnswer(message)) this.awaitingSdk.add(message.id);
      void this.attach();
      return;
    }
    if (this.serveOnLane(message)) return;
    this.settleEra(message);
    this.onmessage?.(message, extra);
  }

  /** Before the SDK serves: opens the connection, or serves a message of an opened one; false to queue it. */
  private openEarly(message: JSONRPCMessage): boolean {
    const early = this.early!;
    if (this.era === "opening") {
      const initialize = plainInitializeOf(message);
      if (initialize) {
        this.era = "legacy";
        early.opening = { initialize: message };
        this.openingCapabilities = initialize.capabilities;
        this.answer(this.lane.initialize(initialize.id, initialize.protocolVersion));
        return true;
      }
      // A negotiating 2026-07-28 client probes first (the SDK's client does); the probe settles no era.
      const discover = plainDiscoverOf(message);
      if (discover !== undefined) {
        this.answer(this.lane.discover(discover));
        return true;
      }
      const meta = (message as { params?: { _meta?: unknown } }).params?._meta;
      if (isPlainObject(meta) && isPlainEnvelope(meta) && (laneCallOf(message, "modern") || laneReadOf(message, "modern") || laneListOf(message, "modern"))) {
        this.era = "modern";
        early.opening = { envelope: meta };
        return this.serveOnLane(message);
      }
      return false;
    }
    const opening = early.opening;
    if (opening && "initialize" in opening && !opening.initialized && "method" in message && message.method === "notifications/initialized" && !("id" in message)) {
      opening.initialized = message;
      return true;
    }
    return this.serveOnLane(message);
  }

  /** Serves a plain `tools/call`, `resources/read` or `tools/list` of a settled era on the lane; false for anything else. */
  private serveOnLane(message: JSONRPCMessage): boolean {
    if (this.era === "opening") return false;
    if (this.era === "legacy" && !this.early && this.legacyServer?.getClientVersion() === undefined) return false;
    // The same id twice in flight is the SDK's to judge.
    const call = laneCallOf(message, this.era);
    if (call && !this.calls.has(call.id)) {
      void this.serve(call.id, message, (scope, abort) => this.lane.call(call, scope, abort));
      return true;
    }
    const read = laneReadOf(message, this.era);
    if (read && !this.calls.has(read.id)) {
      void this.serve(read.id, message, (scope, abort) => this.lane.read(read, scope, abort));
      return true;
    }
    const list = this.lane.servesLists ? laneListOf(message, this.era) : undefined;
    if (!list) return false;
    this.answer(this.lane.list(list.id, this.era));
    return true;
  }

  private async serve(id: string | number, message: JSONRPCMessage, run: (scope: LaneScope, abort: LazyAbortController) => Promise<LaneOutcome>): Promise<void> {
    const controller = new LazyAbortController();
    this.calls.set(id, controller);
    let outcome: LaneOutcome;
    try {
      outcome = await run({ era: this.era as ProtocolEra, ...this.scope, legacy: this, admitted: this.admitted }, controller);
    } catch (error) {
      // The lane answers what it throws itself rather than leave the request unanswered (or the process down).
      outcome = controller.aborted ? "cancelled" : { answer: { jsonrpc: "2.0", id, error: laneErrorOf(error) } };
    } finally {
      this.calls.delete(id);
    }
    if (outcome === "sdk") return this.handToSdk(message);
    if (outcome !== "cancelled") this.answer(outcome.answer);
  }

  /** A call the lane gives back runs under the SDK, after everything queued before it. */
  private handToSdk(message: JSONRPCMessage): void {
    if (!this.early) return void this.onmessage?.(message);
    this.early.queue.push({ message, toSdk: true });
    if (awaitsAnswer(message)) this.awaitingSdk.add(message.id);
    void this.attach();
  }

  private answer(answer: LaneAnswer): void {
    this.send(answer as JSONRPCMessage).then(
      // The first answer is out: now the SDK may take the main thread to load.
      () => void (this.early ? this.attach() : undefined),
      (error: Error) => this.onerror?.(error),
    );
  }

  private attach(): Promise<void> {
    const early = this.early;
    if (!early || !this.sdk) return Promise.resolve();
    return (early.attaching ??= this.sdk.attach().catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error)))));
  }

  private replayId(): string {
    const id = `mcpkit-replay-${randomUUID()}`;
    this.replayed.add(id);
    return id;
  }

  /** A `notifications/cancelled` for a call on the lane aborts it here; the SDK does not know that call. */
  private cancelsLaneCall(message: JSONRPCMessage): boolean {
    const cancelled = cancellationOf(message);
    if (!cancelled) return false;
    // The SDK answers nothing for a request the client cancelled: shutdown must not wait for it.
    this.stopWaiting(cancelled.requestId);
    const controller = this.calls.get(cancelled.requestId);
    if (!controller) return false;
    controller.abort(cancelled.reason);
    return true;
  }

  /**
   * Follows the SDK's opening rules (`serveStdio`) far enough to know when its era is certain: a
   * request or notification without the envelope's protocol-version claim pins 2025, an `initialize`
   * included; one with a valid 2026-07-28 envelope pins that era, but for a `server/discover` probe.
   * A claim the lane cannot vouch for (not of the plain shape) settles nothing here: the lane then
   * serves nothing of that connection until a later message decides.
   */
  private settleEra(message: JSONRPCMessage): void {
    if (this.era !== "opening" || !("method" in message)) return;
    const params = message.params;
    const meta = isPlainObject(params) && isPlainObject(params._meta) ? params._meta : undefined;
    if (meta === undefined || !(PROTOCOL_VERSION in meta)) this.era = "legacy";
    else if (isPlainEnvelope(meta) && message.method !== "server/discover") this.era = "modern";
  }

  private stopWaiting(requestId: string | number): void {
    // Every answer and call passes here; almost always nothing waits.
    if (this.awaitingSdk.size > 0 && this.awaitingSdk.delete(requestId) && this.awaitingSdk.size === 0) this.whenSettled?.resolve();
  }

  private abortAll(): void {
    const reason = connectionClosed();
    this.neverInitialized(reason);
    for (const controller of this.calls.values()) controller.abort(reason);
    this.calls.clear();
  }
}

/**
 * A request whose answer shutdown waits for while it sits in the queue. A `subscriptions/listen`
 * is answered only when its stream ends (at shutdown itself), so it is not one.
 */
function awaitsAnswer(message: JSONRPCMessage): message is JSONRPCMessage & { id: string | number } {
  return "method" in message && "id" in message && isId(message.id) && message.method !== "subscriptions/listen";
}
