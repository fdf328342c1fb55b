import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type Implementation,
  type ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import type { LiveRegistry, ResourceTemplateEntry } from "./registry.js";
import { LOGGING_LEVELS, sessionStateOf } from "./session-state.js";

export interface ServerIdentity {
  info: Implementation;
  instructions?: string;
}

/** -32002, the code MCP uses for a URI that names no resource. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * Every capability is declared whatever is registered now, because services can be added at
 * runtime and capabilities are fixed when a client initializes.
 */
const CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

/**
 * A low-level SDK `Server` wired to the shared registry. The low-level server is used rather than
 * `McpServer` because mcpkit owns its JSON Schemas and validators and needs no per-call zod parsing.
 * One is created per connection (or HTTP session); its client's log level and subscriptions are
 * kept in its session state.
 */
export function createSdkServer(registry: LiveRegistry, identity: ServerIdentity): Server {
  const server = new Server(identity.info, {
    capabilities: CAPABILITIES,
    instructions: identity.instructions,
    // Adding several services in one tick sends one list_changed per list, not one per service.
    debouncedNotificationMethods: ["notifications/tools/list_changed", "notifications/resources/list_changed", "notifications/prompts/list_changed"],
  });
  const session = sessionStateOf(server);
  session.registry = registry;

  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    const { level } = request.params;
    if (!LOGGING_LEVELS.includes(level)) throw new McpError(ErrorCode.InvalidParams, `Unknown log level "${level}". Levels: ${LOGGING_LEVELS.join(", ")}`);
    session.logLevel = level;
    return {};
  });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: registry.toolList }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = registry.tools.get(request.params.name);
    if (!tool) throw unknown("tool", request.params.name, registry.tools.keys());
    return tool.call(request.params.arguments ?? {}, extra, server);
  });

  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: registry.resourceList }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: registry.templateList }));
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) => {
    const uri = request.params.uri;
    const fixed = registry.resources.get(uri);
    if (fixed) return fixed.read(uri, extra, server);
    const match = matchTemplate(registry.templates, uri);
    if (match) return match.entry.read(uri, match.variables, extra, server);
    throw resourceNotFound(uri);
  });
  server.setRequestHandler(SubscribeRequestSchema, (request) => {
    const { uri } = request.params;
    if (!registry.resources.has(uri) && !matchTemplate(registry.templates, uri)) throw resourceNotFound(uri);
    session.subscriptions.add(uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    session.subscriptions.delete(request.params.uri);
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: registry.promptList }));
  server.setRequestHandler(GetPromptRequestSchema, (request, extra) => {
    const prompt = registry.prompts.get(request.params.name);
    if (!prompt) throw unknown("prompt", request.params.name, registry.prompts.keys());
    return prompt.get(request.params.arguments ?? {}, extra, server);
  });

  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument, context } = request.params;
    let complete;
    if (ref.type === "ref/prompt") {
      const prompt = registry.prompts.get(ref.name);
      if (!prompt) throw unknown("prompt", ref.name, registry.prompts.keys());
      complete = prompt.complete;
    } else {
      const template = registry.template(ref.uri);
      if (!template) throw new McpError(ErrorCode.InvalidParams, `Unknown resource template "${ref.uri}". This server's templates: ${registry.templates.map((t) => t.definition.uriTemplate).join(", ") || "none"}`);
      complete = template.complete;
    }
    const completion = complete ? await complete(argument.name, argument.value, context?.arguments ?? {}) : { values: [] };
    return { completion };
  });
  return server;
}

function matchTemplate(templates: readonly ResourceTemplateEntry[], uri: string) {
  for (const entry of templates) {
    const variables = entry.template.match(uri);
    if (variables) return { entry, variables };
  }
  return undefined;
}

function resourceNotFound(uri: string): McpError {
  return new McpError(RESOURCE_NOT_FOUND, `Resource not found: "${uri}" matches no resource or URI template of this server`, { uri });
}

function unknown(kind: string, name: string, known: Iterable<string>): McpError {
  const names = [...known];
  return new McpError(ErrorCode.InvalidParams, `Unknown ${kind} "${name}". This server's ${kind}s: ${names.length ? names.join(", ") : "none"}`);
}
