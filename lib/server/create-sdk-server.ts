import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type Implementation,
  type ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import type { Registry } from "./registry.js";

export interface ServerIdentity {
  info: Implementation;
  instructions?: string;
}

/**
 * A low-level SDK `Server` wired to a prebuilt registry. The low-level server is used rather than
 * `McpServer` because mcpkit owns its JSON Schemas and validators and needs no per-call zod parsing.
 * One is created per connection (or HTTP session); all share the registry.
 */
export function createSdkServer(registry: Registry, identity: ServerIdentity): Server {
  const capabilities: ServerCapabilities = { logging: {} };
  if (registry.tools.size > 0) capabilities.tools = { listChanged: false };
  if (registry.resources.size + registry.templates.length > 0) capabilities.resources = { subscribe: false, listChanged: false };
  if (registry.prompts.size > 0) capabilities.prompts = { listChanged: false };
  const server = new Server(identity.info, { capabilities, instructions: identity.instructions });

  if (capabilities.tools) {
    const listResult = { tools: registry.toolList };
    server.setRequestHandler(ListToolsRequestSchema, () => listResult);
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
      const tool = registry.tools.get(request.params.name);
      if (!tool) throw unknown("tool", request.params.name, registry.tools.keys());
      return tool.call(request.params.arguments ?? {}, extra, server);
    });
  }
  if (capabilities.resources) {
    const resourcesResult = { resources: registry.resourceList };
    const templatesResult = { resourceTemplates: registry.templateList };
    server.setRequestHandler(ListResourcesRequestSchema, () => resourcesResult);
    server.setRequestHandler(ListResourceTemplatesRequestSchema, () => templatesResult);
    server.setRequestHandler(ReadResourceRequestSchema, (request, extra) => {
      const uri = request.params.uri;
      const fixed = registry.resources.get(uri);
      if (fixed) return fixed.read(uri, extra, server);
      for (const entry of registry.templates) {
        const variables = entry.template.match(uri);
        if (variables) return entry.read(uri, variables, extra, server);
      }
      throw new McpError(-32002, `Resource not found: "${uri}" matches no resource or URI template of this server`, { uri });
    });
  }
  if (capabilities.prompts) {
    const listResult = { prompts: registry.promptList };
    server.setRequestHandler(ListPromptsRequestSchema, () => listResult);
    server.setRequestHandler(GetPromptRequestSchema, (request, extra) => {
      const prompt = registry.prompts.get(request.params.name);
      if (!prompt) throw unknown("prompt", request.params.name, registry.prompts.keys());
      return prompt.get(request.params.arguments ?? {}, extra, server);
    });
  }
  return server;
}

function unknown(kind: string, name: string, known: Iterable<string>): McpError {
  const names = [...known];
  return new McpError(ErrorCode.InvalidParams, `Unknown ${kind} "${name}". This server's ${kind}s: ${names.length ? names.join(", ") : "none"}`);
}
