import type { Server } from "@modelcontextprotocol/server";
import type { ClientChannel, ClientInput, ClientInputOptions } from "../../context/client-channel.js";
import { InputRound } from "../../context/input-round.js";
import type { ClientCapabilities, LoggingLevel } from "../wire-types.js";

const SEVERITY: readonly LoggingLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

/**
 * Whether a 2025 session asked for messages of this level. The SDK keeps each session's level in its
 * server's private `_loggingLevels` and filters only the sends it makes itself; a lane call sends on
 * its own response, so it reads that level here (the lane's specs fail if the SDK stops keeping it there).
 */
function isLogged(server: Server, sessionId: string, level: LoggingLevel): boolean {
  const levels = (server as unknown as { _loggingLevels?: Map<string | undefined, LoggingLevel> })._loggingLevels;
  const threshold = levels?.get(sessionId) ?? levels?.get(undefined);
  return threshold === undefined || SEVERITY.indexOf(level) >= SEVERITY.indexOf(threshold);
}

/**
 * The client of a 2026-07-28 call on the fast lane: no progress token, no log level (both send such
 * calls to the SDK). A call that asks the client ends as an input-required result, which the SDK
 * builds (capability checks, sealed state): the question throws `InputNeededSignal` as it does under
 * the SDK, and the lane then hands the request to the SDK, where the call runs again, as it would
 * when the client retries with the answers (a 2026-07-28 tool runs from the top on every round).
 */
export class ModernLaneChannel implements ClientChannel {
  readonly progressToken = undefined;
  readonly checksCapabilities = false;
  /** Made when the call first asks the client; the call's answer is then the SDK's, whatever the method did with the signal. */
  round?: InputRound;

  constructor(
    private readonly capabilities: Record<string, unknown> | undefined,
    readonly resourceUpdated: (uri: string) => void,
    private readonly target: string,
  ) {}

  supports(capability: keyof ClientCapabilities): boolean {
    return this.capabilities?.[capability] !== undefined;
  }

  progress(): Promise<void> {
    return Promise.resolve();
  }

  /** A request without a log level gets no log messages (2026-07-28). */
  log(): Promise<void> {
    return Promise.resolve();
  }

  ask(input: ClientInput, options: ClientInputOptions): Promise<unknown> {
    this.round ??= InputRound.resume(this.target, "", undefined, undefined, () => false);
    return this.round.ask(input, options.key);
  }

  closeStream(): boolean {
    return false;
  }
}

/** Where a 2025 lane call's log messages go: the call's own HTTP response (a session's POST), and the session. */
export interface LaneLogSink {
  sessionId: string;
  send(notification: { jsonrpc: "2.0"; method: "notifications/message"; params: Record<string, unknown> }): Promise<void>;
}

/**
 * The client of a 2025 call on the fast lane: its connection's (or session's) SDK server asks the
 * client and keeps the level the client set with `logging/setLevel`; on a 2025 HTTP session, log
 * messages ride the call's own response (`sink`), as they would under the SDK.
 */
export class LegacyLaneChannel implements ClientChannel {
  readonly progressToken = undefined;
  readonly checksCapabilities = true;

  constructor(
    private readonly server: Server,
    readonly resourceUpdated: (uri: string) => void,
    private readonly sink?: LaneLogSink,
  ) {}

  supports(capability: keyof ClientCapabilities): boolean {
    return this.server.getClientCapabilities()?.[capability] !== undefined;
  }

  progress(): Promise<void> {
    return Promise.resolve();
  }

  /** The level the client set with `logging/setLevel` applies (the SDK keeps it). */
  log(level: LoggingLevel, data: unknown, logger?: string): Promise<void> {
    const params = logger === undefined ? { level, data } : { level, data, logger };
    if (!this.sink) return this.server.sendLoggingMessage(params);
    if (!isLogged(this.server, this.sink.sessionId, level)) return Promise.resolve();
    return this.sink.send({ jsonrpc: "2.0", method: "notifications/message", params });
  }

  ask(input: ClientInput, options: ClientInputOptions): Promise<unknown> {
    const requestOptions = { timeout: options.timeout, signal: options.signal };
    if (input.method === "elicitation/create") return this.server.elicitInput(input.params, requestOptions);
    if (input.method === "sampling/createMessage") return this.server.createMessage(input.params, requestOptions);
    return this.server.listRoots(undefined, requestOptions);
  }

  closeStream(): boolean {
    return false;
  }
}
