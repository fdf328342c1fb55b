import { McpKitError } from "../../errors/mcpkit-error.js";
import { isProtocolError } from "../../pipeline/map-tool-result.js";

/** A JSON-RPC error object. */
export interface LaneError {
  code: number;
  message: string;
  data?: unknown;
}

const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;
const RESOURCE_NOT_FOUND = -32002;

/**
 * A thrown error as the SDK path answers it (`toProtocolError`, then the era's wire code): a protocol
 * error and mcpkit's own coded errors keep their code, message and data; any other Error is an
 * internal error carrying its message. Both eras' codecs send resource-not-found (-32002) as invalid
 * params (-32602).
 */
export function laneErrorOf(error: unknown): LaneError {
  const coded = isProtocolError(error) || (error instanceof McpKitError && typeof (error as { code?: unknown }).code === "number");
  const thrown = error as { code?: unknown; message?: unknown; data?: unknown };
  const code = coded || !(error instanceof Error) ? (Number.isSafeInteger(thrown.code) ? (thrown.code as number) : INTERNAL_ERROR) : INTERNAL_ERROR;
  const data = coded || !(error instanceof Error) ? thrown.data : undefined;
  return {
    code: code === RESOURCE_NOT_FOUND ? INVALID_PARAMS : code,
    message: typeof thrown.message === "string" ? thrown.message : "Internal error",
    ...(data !== undefined && { data }),
  };
}

/** The error for a name no tool (or prompt) has: the client learns which names exist, a hostile name is not echoed whole. */
export function unknownHandlerError(kind: string, name: string, known: Iterable<string>): LaneError {
  const names = [...known];
  const shown = name.length > 120 ? `${name.slice(0, 120)}…` : name;
  return { code: INVALID_PARAMS, message: `Unknown ${kind} "${shown}". This server's ${kind}s: ${names.length ? names.join(", ") : "none"}` };
}

/** The reason a lane call's signal carries when its connection or session goes away (the SDK's says "Connection closed" too). */
export function connectionClosed(): Error {
  return new Error("Connection closed");
}
