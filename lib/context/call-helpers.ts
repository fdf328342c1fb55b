import type {
  ClientCapabilities,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestFormParams,
  ElicitResult,
  LoggingLevel,
} from "@modelcontextprotocol/sdk/types.js";
import { ClientCapabilityError } from "../errors/client-capability-error.js";
import { ClientRequestError } from "../errors/client-request-error.js";
import { NoCallContextError } from "../errors/no-call-context-error.js";
import { sessionStateOf, wantsLogLevel } from "../server/session-state.js";
import { currentCall, type CallContext } from "./call-context.js";

function requireCall(helper: string): CallContext {
  const call = currentCall();
  if (!call) throw new NoCallContextError(helper);
  return call;
}

/** "tool getUser", for messages. */
function whereOf(call: CallContext): string {
  return `${call.kind} "${call.name}"`;
}

/** Options of the helpers that wait for the client. */
export interface ClientRequestOptions {
  /** Milliseconds to wait for the answer; default: until the call's deadline, else the SDK's 60 s. */
  timeout?: number;
}

function requestOptions(call: CallContext, options: ClientRequestOptions | undefined) {
  const timeout = options?.timeout ?? (call.deadline !== undefined ? Math.max(1, call.deadline - Date.now()) : undefined);
  // relatedRequestId sends the request on the call's own stream (the POST's SSE stream over HTTP).
  return { relatedRequestId: call.requestId, signal: call.signal, timeout };
}

/**
 * Reports progress of the current call to the client, when the client asked for progress
 * (sent a progress token); otherwise does nothing. `progress` should grow with each report.
 * @example
 * for (const [i, file] of files.entries()) { await reportProgress(i + 1, files.length, `indexed ${file}`); ... }
 */
export async function reportProgress(progress: number, total?: number, message?: string): Promise<void> {
  const call = requireCall("reportProgress");
  const progressToken = call.extra._meta?.progressToken;
  if (progressToken === undefined) return;
  const params: { progressToken: string | number; progress: number; total?: number; message?: string } = { progressToken, progress };
  if (total !== undefined) params.total = total;
  if (message !== undefined) params.message = message;
  await call.extra.sendNotification({ method: "notifications/progress", params });
}

/** True when the current call's client asked for progress reports. */
export function progressRequested(): boolean {
  return currentCall()?.extra._meta?.progressToken !== undefined;
}

/**
 * Sends a log message to the client of the current call, unless the client set a higher level
 * with `logging/setLevel`. `data` may be a string or any JSON value.
 * @example
 * await log("info", `imported ${rows} rows`, "importer");
 */
export async function log(level: LoggingLevel, data: unknown, logger?: string): Promise<void> {
  const call = requireCall("log");
  if (!wantsLogLevel(sessionStateOf(call.server), level)) return;
  await call.extra.sendNotification({ method: "notifications/message", params: logger === undefined ? { level, data } : { level, data, logger } });
}

/** True when the current call's client declared `capability` (e.g. "sampling", "elicitation"). */
export function clientSupports(capability: keyof ClientCapabilities): boolean {
  const call = currentCall();
  return call !== undefined && call.server.getClientCapabilities()?.[capability] !== undefined;
}

/**
 * Asks the client's language model for a completion (MCP sampling). A string is sent as one user
 * message; pass full `CreateMessageRequestParams` for more control.
 * Throws ClientCapabilityError when the client does not support sampling.
 * @example
 * const reply = await sample(`Summarise: ${text}`, { maxTokens: 200 });
 * return reply.content.type === "text" ? reply.content.text : "";
 */
export async function sample(
  request: string | CreateMessageRequestParams,
  options: ClientRequestOptions & { maxTokens?: number } = {},
): Promise<CreateMessageResult> {
  const call = requireCall("sample");
  if (!clientSupports("sampling")) throw new ClientCapabilityError("sample", whereOf(call), "sampling");
  const params: CreateMessageRequestParams =
    typeof request === "string" ? { messages: [{ role: "user", content: { type: "text", text: request } }], maxTokens: options.maxTokens ?? 1000 } : request;
  try {
    return (await call.server.createMessage(params, requestOptions(call, options))) as CreateMessageResult;
  } catch (cause) {
    throw new ClientRequestError("sample", whereOf(call), cause);
  }
}

/** The form of an elicitation: a message and a flat object schema of primitive fields. */
export type ElicitForm = Omit<ElicitRequestFormParams, "mode">;

/**
 * Asks the user for structured input through the client (MCP elicitation, form mode). Fields may
 * carry `default`s and enum forms (`enum`, `oneOf` with titles, multi-select arrays). An accepted
 * answer is checked against the schema. Throws ClientCapabilityError when the client cannot elicit.
 * @example
 * const answer = await elicit({ message: "Which plan?", requestedSchema: { type: "object",
 *   properties: { plan: { type: "string", enum: ["free", "pro"], default: "free" } }, required: ["plan"] } });
 * if (answer.action === "accept") return `Plan: ${answer.content?.plan}`;
 */
export async function elicit(form: ElicitForm, options: ClientRequestOptions = {}): Promise<ElicitResult> {
  const call = requireCall("elicit");
  if (!clientSupports("elicitation")) throw new ClientCapabilityError("elicit", whereOf(call), "elicitation");
  try {
    return await call.server.elicitInput({ mode: "form", ...form } as ElicitRequestFormParams, requestOptions(call, options));
  } catch (cause) {
    // Includes an accepted answer that does not match the requested schema (checked by the SDK).
    throw new ClientRequestError("elicit", whereOf(call), cause);
  }
}

/**
 * Announces that the resource at `uri` changed: every client subscribed to it (on any connection)
 * receives `notifications/resources/updated` and may read it again.
 */
export function resourceUpdated(uri: string): void {
  sessionStateOf(requireCall("resourceUpdated").server).registry?.resourceUpdated(uri);
}

/**
 * Closes the current call's SSE stream (Streamable HTTP with resumability) while the call goes on:
 * the client reconnects after the advertised retry interval and receives the rest, including the
 * result. Lets long calls hold no connection open. Returns false where the transport cannot do it.
 */
export function closeCallStream(): boolean {
  const close = requireCall("closeCallStream").extra.closeSSEStream;
  close?.();
  return close !== undefined;
}
