import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";

/** What one connected client (one SDK server: a connection or an HTTP session) has asked for. */
export interface SessionState {
  /** Set by `logging/setLevel`; messages below it are not sent. Undefined: send every level. */
  logLevel?: LoggingLevel;
  /** URIs the client subscribed to with `resources/subscribe`. */
  readonly subscriptions: Set<string>;
  /** What the server serves; lets a call announce resource updates to every subscriber. */
  registry?: { resourceUpdated(uri: string): void };
}

const states = new WeakMap<Server, SessionState>();

/** The state of the client served by `server`, created on first use. */
export function sessionStateOf(server: Server): SessionState {
  let state = states.get(server);
  if (!state) {
    state = { subscriptions: new Set() };
    states.set(server, state);
  }
  return state;
}

const SEVERITY: Record<LoggingLevel, number> = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5, alert: 6, emergency: 7 };

/** True when the client asked for messages of `level` (or asked nothing). */
export function wantsLogLevel(state: SessionState, level: LoggingLevel): boolean {
  return state.logLevel === undefined || SEVERITY[level] >= SEVERITY[state.logLevel];
}

/** The levels `logging/setLevel` accepts, least severe first. */
export const LOGGING_LEVELS = Object.keys(SEVERITY) as LoggingLevel[];
