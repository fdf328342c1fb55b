import type { ClientCapabilities, CreateMessageRequestParams, ElicitRequestFormParams, LoggingLevel } from "../protocol/wire-types.js";

/** Something a call asks of the client: a sampling completion, form input from the user, or its roots. */
export type ClientInput =
  | { method: "sampling/createMessage"; params: CreateMessageRequestParams }
  | { method: "elicitation/create"; params: ElicitRequestFormParams }
  | { method: "roots/list" };

/** How long to wait for the client, and when to give up. */
export interface ClientInputOptions {
  timeout?: number;
  signal: AbortSignal;
  /** The question's key in a 2026-07-28 input-required result; default: its position in the call. */
  key?: string;
}

/**
 * The client of one call, as the protocol layer implements it for the request's era. In the 2025
 * era `ask` sends a request to the client and waits; in the 2026-07-28 era it answers from the
 * inputs the client already gave, or throws `InputNeededSignal` so the call ends as input-required.
 */
export interface ClientChannel {
  /** The request's progress token; undefined when the client asked for no progress. */
  readonly progressToken?: string | number;
  supports(capability: keyof ClientCapabilities): boolean;
  /** Whether `supports` must hold before `ask`: a 2026-07-28 client's missing capability is answered by the protocol. */
  readonly checksCapabilities: boolean;
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** Sends a log message when the client asked for that level (2025: `logging/setLevel`; 2026-07-28: the request's `logLevel`). */
  log(level: LoggingLevel, data: unknown, logger?: string): Promise<void>;
  ask(input: ClientInput, options: ClientInputOptions): Promise<unknown>;
  /** Closes the call's SSE stream (2025 Streamable HTTP with an event store); false where impossible. */
  closeStream(): boolean;
  /** Tells every subscribed client that a resource changed. */
  resourceUpdated(uri: string): void;
}
