import type { Server } from "@modelcontextprotocol/server";
import type { ClientChannel, ClientInput, ClientInputOptions } from "../../context/client-channel.js";
import { InputRound } from "../../context/input-round.js";
import type { ClientCapabilities, LoggingLevel } from "../wire-types.js";

const SEVERITY: readonly LoggingLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

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

/**
 * The client of a 2025 lane call as the lane sees it: its connection (stdio, in memory) or HTTP
 * session. Its SDK server asks the questions (loaded first if need be); log messages go where the
 * SDK would send them, filtered by the level the client set with `logging/setLevel`.
 */
export interface LegacyClient {
  capabilities(): ClientCapabilities | undefined;
  log(params: { level: LoggingLevel; data: unknown; logger?: string }): Promise<void>;
  server(): Promise<Server>;
}

/** The client of a 2025 call on the fast lane. */
export class LegacyLaneChannel implements ClientChannel {
  readonly progressToken = undefined;
  readonly checksCapabilities = true;

  constructor(
    private readonly client: LegacyClient,
    readonly resourceUpdated: (uri: string) => void,
  ) {}

  supports(capability: keyof ClientCapabilities): boolean {
    return this.client.capabilities()?.[capability] !== undefined;
  }

  progress(): Promise<void> {
    return Promise.resolve();
  }

  log(level: LoggingLevel, data: unknown, logger?: string): Promise<void> {
    return this.client.log(logger === undefined ? { level, data } : { level, data, logger });
  }

  async ask(input: ClientInput, options: ClientInputOptions): Promise<unknown> {
    const server = await this.client.server();
    const requestOptions = { timeout: options.timeout, signal: options.signal };
    if (input.method === "elicitation/create") return server.elicitInput(input.params, requestOptions);
    if (input.method === "sampling/createMessage") return server.createMessage(input.params, requestOptions);
    return server.listRoots(undefined, requestOptions);
  }

  closeStream(): boolean {
    return false;
  }
}

/**
 * Whether a 2025 session asked for messages of this level. The SDK keeps each session's level in its
 * server's private `_loggingLevels` and filters only the sends it makes itself; a lane call on a 2025
 * HTTP session sends on its own response, so it reads that level here (the lane's specs fail if the
 * SDK stops keeping it there).
 */
export function isLogged(server: Server, sessionId: string, level: LoggingLevel): boolean {
  const levels = (server as unknown as { _loggingLevels?: Map<string | undefined, LoggingLevel> })._loggingLevels;
  const threshold = levels?.get(sessionId) ?? levels?.get(undefined);
  return threshold === undefined || SEVERITY.indexOf(level) >= SEVERITY.indexOf(threshold);
}
