import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError as SdkResourceNotFoundError, Server, inputRequired, type RequestStateCodec, type ServerContext, type ServerOptions } from "@modelcontextprotocol/server";
import type { IncomingCall } from "../context/call-context.js";
import { InputNeededSignal, InputRound, type SealedInputs } from "../context/input-round.js";
import { InvalidParamsError } from "../errors/invalid-params-error.js";
import { McpKitError } from "../errors/mcpkit-error.js";
import { ResourceNotFoundError } from "../errors/resource-not-found-error.js";
import type { CacheHint, LiveRegistry, ResourceTemplateEntry } from "../server/registry.js";
import type { VisibleLists } from "../auth/visible-lists.js";
import { SdkClientChannel } from "./client-channel.js";
import { isAnswer } from "./input-answers.js";
import { principalOf } from "./principal.js";
import { sharedSchemaValidator } from "./schema-validator.js";
import { ObservedServer } from "./observed-server.js";
import { traceContextOf } from "./trace-context.js";
import { unknownHandlerError } from "./lane/lane-errors.js";
import { SERVER_CAPABILITIES } from "./capabilities.js";
import { matchTemplate } from "./uri-template.js";
import type { RequestObserver } from "../telemetry/observed-request.js";
import type { AuthInfo, ProtocolEra } from "./wire-types.js";

export interface ServerIdentity {
  info: { name: string; version: string; title?: string };
  instructions?: string;
}

/** What every protocol server of an application shares; built once at startup. */
export interface ProtocolServerOptions {
  registry: LiveRegistry;
  identity: ServerIdentity;
  /** Seals a 2026-07-28 call's answers between input-required rounds. */
  inputState: RequestStateCodec<SealedInputs>;
  /** What list results advertise to 2026-07-28 clients. */
  listCacheHint: CacheHint;
  /** Subscriptions of 2025 sessions (`resources/subscribe`), per server. */
  subscriptionsOf(server: Server): Set<string>;
  /** Runs every request (telemetry); absent, requests run unwrapped. */
  observe?: RequestObserver;
  /** Lists filtered per caller (`auth.hideForbidden`); absent, everyone sees the whole lists. */
  visible?: VisibleLists;
}

/** Where a server serves: its era and, for a connection (stdio, in memory, a 2025 session), the connection's id. */
export interface ServingScope {
  era: ProtocolEra;
  connectionId?: string;
  /** The identity of a whole connection (stdio, in memory), where no request carries a token. */
  authInfo?: AuthInfo;
  /** Hears each request whose call is counted in flight (the fast lane's connection: see `LaneConnection.settled`). */
  admitted?: (requestId: string | number) => void;
}


/**
 * A low-level SDK `Server` for one era, wired to the shared registry. The low-level server is used
 * rather than `McpServer` because mcpkit owns its JSON Schemas, validators and list payloads: a
 * server costs a handful of closures, so one per 2026-07-28 request stays cheap.
 */
export function createProtocolServer(options: ProtocolServerOptions, scope: ServingScope): Server {
  const { registry } = options;
  const { era } = scope;
  const server = options.observe ? new ObservedServer(options.identity.info, serverOptionsOf(options)) : new Server(options.identity.info, serverOptionsOf(options));
  if (server instanceof ObservedServer) server.observer = options.observe;
  const resourceUpdated = (uri: string) => registry.resourceUpdated(uri);

  /** Runs one call in the call envelope; a 2026-07-28 call that needs client input ends as input-required. */
  const serve = async <R>(ctx: ServerContext, target: string, run: (incoming: IncomingCall) => Promise<R>) => {
    const principal = principalOf(ctx.http?.authInfo ?? scope.authInfo);
    // State from another call or caller is refused before the method runs; the round itself is
    // made when the method first asks the client, which most calls never do.
    const caller = principal?.id ?? "";
    const sealed = era === "modern" ? sealedInputs(ctx, target, caller) : undefined;
    let round: InputRound | undefined;
    const roundOf = () => (round ??= InputRound.resume(target, caller, sealed, ctx.mcpReq.inputResponses, isAnswer));
    const incoming: IncomingCall = {
      signal: ctx.mcpReq.signal,
      requestId: ctx.mcpReq.id,
      era,
      sessionId: ctx.sessionId,
      connectionId: scope.connectionId,
      principal,
      client: new SdkClientChannel(ctx, server, era, era === "modern" ? roundOf : undefined, resourceUpdated),
      traceContext: traceContextOf(ctx.mcpReq._meta),
      admitted: scope.admitted,
    };
    try {
      const result = await run(incoming);
      // A method that caught the signal itself still needed the input it asked for.
      return round && round.missing.size > 0 ? await inputRequiredOf(round, ctx) : result;
    } catch (error) {
      if (round && error instanceof InputNeededSignal && error.round === round) return await inputRequiredOf(round, ctx);
      throw toProtocolError(error);
    }
  };
  const inputRequiredOf = async (round: InputRound, ctx: ServerContext) =>
    inputRequired({ inputRequests: Object.fromEntries(round.missing), requestState: await options.inputState.mint(round.seal(), ctx) });

  const { visible } = options;
  const callerOf = (ctx: ServerContext) => ({ principal: principalOf(ctx.http?.authInfo ?? scope.authInfo), connectionId: scope.connectionId, sessionId: ctx.sessionId });
  server.setRequestHandler("tools/list", (_, ctx) => ({ tools: visible ? visible.tools(callerOf(ctx)) : registry.toolList }));
  server.setRequestHandler("tools/call", (request, ctx) => {
    const { name } = request.params;
    const tool = registry.tools.get(name);
    if (!tool) throw unknownHandler("tool", name, registry.tools.keys());
    return serve(ctx, name, (incoming) => tool.call(request.params.arguments ?? {}, incoming));
  });

  server.setRequestHandler("resources/list", (_, ctx) => ({ resources: visible ? visible.resources(callerOf(ctx)) : registry.resourceList }));
  server.setRequestHandler("resources/templates/list", (_, ctx) => ({ resourceTemplates: visible ? visible.templates(callerOf(ctx)) : registry.templateList }));
  server.setRequestHandler("resources/read", async (request, ctx) => {
    const { uri } = request.params;
    const fixed = registry.resources.get(uri);
    const match = fixed ? undefined : matchTemplate(registry.templates, uri);
    if (!fixed && !match) throw toProtocolError(new ResourceNotFoundError(uri));
    const result = await serve(ctx, uri, (incoming) => (fixed ? fixed.read(uri, incoming) : match!.entry.read(uri, match!.variables, incoming)));
    // 2025 results carry no cache fields; an input-required result carries none either.
    if (era === "legacy" || "resultType" in result) return result;
    return { ...result, ...(fixed ?? match!.entry).cacheHint };
  });
  if (era === "legacy") {
    const subscriptions = options.subscriptionsOf(server);
    server.setRequestHandler("resources/subscribe", (request) => {
      const { uri } = request.params;
      if (!registry.resources.has(uri) && !matchTemplate(registry.templates, uri)) throw toProtocolError(new ResourceNotFoundError(uri));
      subscriptions.add(uri);
      return {};
    });
    server.setRequestHandler("resources/unsubscribe", (request) => {
      subscriptions.delete(request.params.uri);
      return {};
    });
  }

  server.setRequestHandler("prompts/list", (_, ctx) => ({ prompts: visible ? visible.prompts(callerOf(ctx)) : registry.promptList }));
  server.setRequestHandler("prompts/get", (request, ctx) => {
    const { name } = request.params;
    const prompt = registry.prompts.get(name);
    if (!prompt) throw unknownHandler("prompt", name, registry.prompts.keys());
    return serve(ctx, name, (incoming) => prompt.get(request.params.arguments ?? {}, incoming));
  });

  server.setRequestHandler("completion/complete", async (request) => {
    const { ref, argument, context } = request.params;
    let complete;
    if (ref.type === "ref/prompt") {
      const prompt = registry.prompts.get(ref.name);
      if (!prompt) throw unknownHandler("prompt", ref.name, registry.prompts.keys());
      complete = prompt.complete;
    } else {
      const template = registry.template(ref.uri);
      if (!template) throw unknownHandler("resource template", ref.uri, registry.templates.map((t) => t.definition.uriTemplate));
      complete = template.complete;
    }
    const completion = complete ? await complete(argument.name, argument.value, context?.arguments ?? {}) : { values: [] };
    return { completion };
  });
  return server;
}

const serverOptions = new WeakMap<ProtocolServerOptions, ServerOptions>();

/** The SDK server's options, made once per application (a 2026-07-28 request builds a server). */
function serverOptionsOf(options: ProtocolServerOptions): ServerOptions {
  let made = serverOptions.get(options);
  if (!made) {
    const hint = options.listCacheHint;
    made = {
      capabilities: SERVER_CAPABILITIES,
      instructions: options.identity.instructions,
      cacheHints: { "tools/list": hint, "prompts/list": hint, "resources/list": hint, "resources/templates/list": hint },
      requestState: { verify: options.inputState.verify },
      jsonSchemaValidator: sharedSchemaValidator,
      // Adding several services in one tick sends one list_changed per list, not one per service.
      debouncedNotificationMethods: ["notifications/tools/list_changed", "notifications/resources/list_changed", "notifications/prompts/list_changed"],
    };
    serverOptions.set(options, made);
  }
  return made;
}

/** The answers sealed by the previous round, checked to belong to this call and this caller. */
function sealedInputs(ctx: ServerContext, target: string, caller: string): SealedInputs | undefined {
  const sealed = ctx.mcpReq.requestState<SealedInputs>();
  if (sealed === undefined) return undefined;
  if (typeof sealed !== "object" || sealed === null || sealed.target !== target || sealed.caller !== caller) {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, "Invalid or expired requestState", { reason: "invalid_request_state" });
  }
  return sealed;
}

/** mcpkit's errors as the JSON-RPC errors the SDK sends; a ProtocolError a method threw passes as it is. */
export function toProtocolError(error: unknown): unknown {
  if (error instanceof ProtocolError) return error;
  if (error instanceof ResourceNotFoundError) return new SdkResourceNotFoundError(error.uri, error.message);
  if (error instanceof InvalidParamsError) return new ProtocolError(ProtocolErrorCode.InvalidParams, error.message, error.data);
  if (error instanceof McpKitError && typeof (error as { code?: unknown }).code === "number") return new ProtocolError((error as unknown as { code: number }).code, error.message, (error as { data?: unknown }).data);
  if (error instanceof Error) return new ProtocolError(ProtocolErrorCode.InternalError, error.message);
  return error;
}

export function unknownHandler(kind: string, name: string, known: Iterable<string>): ProtocolError {
  const { code, message } = unknownHandlerError(kind, name, known);
  return new ProtocolError(code, message);
}
