import type { ClientCapabilities, CreateMessageRequestParams, CreateMessageResult, ElicitRequestFormParams, ElicitResult, LoggingLevel, Root } from "../protocol/wire-types.js";
import { ClientCapabilityError } from "../errors/client-capability-error.js";
import { ClientRequestError } from "../errors/client-request-error.js";
import { NoCallContextError } from "../errors/no-call-context-error.js";
import { currentCall, type CallContext } from "./call-context.js";
import type { ClientInput } from "./client-channel.js";
import { InputNeededSignal } from "./input-round.js";

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
  /** Milliseconds to wait for the answer (2025 clients); default: until the call's deadline, else the SDK's 60 s. */
  timeout?: number;
  /**
   * The question's key in a 2026-07-28 input-required result (the client answers under it); default:
   * its position in the call (`input-0`, `input-1`, ...). Give keys when the question asked can
   * vary between runs, so an answer never lands on the wrong question.
   */
  key?: string;
}

/**
 * Reports progress of the current call to the client, when the client asked for progress
 * (sent a progress token); otherwise does nothing. `progress` should grow with each report.
 * @example
 * for (const [i, file] of files.entries()) { await reportProgress(i + 1, files.length, `indexed ${file}`); ... }
 */
export async function reportProgress(progress: number, total?: number, message?: string): Promise<void> {
  const { client } = requireCall("reportProgress");
  if (client.progressToken === undefined) return;
  await client.progress(progress, total, message);
}

/** True when the current call's client asked for progress reports. */
export function progressRequested(): boolean {
  return currentCall()?.client.progressToken !== undefined;
}

/**
 * Sends a log message to the client of the current call, when it asked for that level: a 2025
 * client with `logging/setLevel` (every level until it sets one), a 2026-07-28 client with the
 * request's `logLevel` (nothing when the request names none). `data` may be a string or any JSON value.
 * @example
 * await log("info", `imported ${rows} rows`, "importer");
 */
export async function log(level: LoggingLevel, data: unknown, logger?: string): Promise<void> {
  await requireCall("log").client.log(level, data, logger);
}

/** True when the current call's client declared `capability` (e.g. "sampling", "elicitation", "roots"). */
export function clientSupports(capability: keyof ClientCapabilities): boolean {
  return currentCall()?.client.supports(capability) ?? false;
}

/**
 * Asks the client something and waits for the answer. In a 2026-07-28 call an answer not given yet
 * ends the call as input-required (the method runs again when the client retries); that signal
 * passes through untouched, and only real failures become ClientRequestError.
 */
async function askClient(helper: string, capability: keyof ClientCapabilities, input: ClientInput, options: ClientRequestOptions): Promise<unknown> {
  const call = requireCall(helper);
  if (call.client.checksCapabilities && !call.client.supports(capability)) throw new ClientCapabilityError(helper, whereOf(call), capability);
  const timeout = options.timeout ?? (call.deadline !== undefined ? Math.max(1, call.deadline - Date.now()) : undefined);
  try {
    return await call.client.ask(input, { timeout, signal: call.signal, key: options.key });
  } catch (cause) {
    if (cause instanceof InputNeededSignal) throw cause;
    throw new ClientRequestError(helper, whereOf(call), cause);
  }
}

/**
 * Asks the client's language model for a completion (MCP sampling). A string is sent as one user
 * message; pass full `CreateMessageRequestParams` for more control.
 * Throws ClientCapabilityError when a 2025 client does not support sampling.
 * @example
 * const reply = await sample(`Summarise: ${text}`, { maxTokens: 200 });
 * return reply.content.type === "text" ? reply.content.text : "";
 */
export async function sample(request: string | CreateMessageRequestParams, options: ClientRequestOptions & { maxTokens?: number } = {}): Promise<CreateMessageResult> {
  const params: CreateMessageRequestParams =
    typeof request === "string" ? { messages: [{ role: "user", content: { type: "text", text: request } }], maxTokens: options.maxTokens ?? 1000 } : request;
  return (await askClient("sample", "sampling", { method: "sampling/createMessage", params }, options)) as CreateMessageResult;
}

/** The form of an elicitation: a message and a flat object schema of primitive fields. */
export type ElicitForm = Omit<ElicitRequestFormParams, "mode">;

/**
 * Asks the user for structured input through the client (MCP elicitation, form mode). Fields may
 * carry `default`s and enum forms (`enum`, `oneOf` with titles, multi-select arrays). An accepted
 * answer is checked against the schema. Throws ClientCapabilityError when a 2025 client cannot elicit.
 *
 * In a 2026-07-28 call the first `elicit()` without an answer ends the call as input-required; when
 * the client retries with the answer, the method runs again from the top and `elicit()` returns it.
 * Code before it therefore runs once per round: keep side effects after the last question.
 * @example
 * const answer = await elicit({ message: "Which plan?", requestedSchema: { type: "object",
 *   properties: { plan: { type: "string", enum: ["free", "pro"], default: "free" } }, required: ["plan"] } });
 * if (answer.action === "accept") return `Plan: ${answer.content?.plan}`;
 */
export async function elicit(form: ElicitForm, options: ClientRequestOptions = {}): Promise<ElicitResult> {
  return (await askClient("elicit", "elicitation", { method: "elicitation/create", params: { mode: "form", ...form } as ElicitRequestFormParams }, options)) as ElicitResult;
}

/**
 * The client's roots (the folders or URIs it lets the server work in).
 * Throws ClientCapabilityError when a 2025 client does not support roots.
 * @example
 * const roots = await listRoots();
 * return roots.map((root) => root.uri);
 */
export async function listRoots(options: ClientRequestOptions = {}): Promise<Root[]> {
  const result = (await askClient("listRoots", "roots", { method: "roots/list" }, options)) as { roots?: Root[] };
  return result.roots ?? [];
}

/**
 * Announces that the resource at `uri` changed: every client subscribed to it (a 2025 session's
 * `resources/subscribe`, or a 2026-07-28 `subscriptions/listen` stream) is notified.
 */
export function resourceUpdated(uri: string): void {
  requireCall("resourceUpdated").client.resourceUpdated(uri);
}

/**
 * Closes the current call's SSE stream (2025 Streamable HTTP with resumability) while the call goes
 * on: the client reconnects after the advertised retry interval and receives the rest, including the
 * result. Lets long calls hold no connection open. Returns false where the transport cannot do it
 * (stdio, in memory, and every 2026-07-28 request, which has no resumable streams).
 */
export function closeCallStream(): boolean {
  return requireCall("closeCallStream").client.closeStream();
}
