import type { CallToolResult, GetPromptResult, Prompt, ReadResourceResult, Resource, ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { RequestExtra } from "../context/call-context.js";
import type { ToolDescriptor } from "../pipeline/invocation.js";

/** A tool ready to serve: its list entry and its composed pipeline. */
export interface ToolEntry {
  readonly descriptor: ToolDescriptor;
  readonly definition: Tool;
  call(args: Record<string, unknown>, extra: RequestExtra, server: Server): Promise<CallToolResult>;
}

export interface ResourceEntry {
  readonly definition: Resource;
  read(uri: string, extra: RequestExtra, server: Server): Promise<ReadResourceResult>;
}

export interface ResourceTemplateEntry {
  readonly definition: ResourceTemplate;
  readonly template: UriTemplate;
  read(uri: string, variables: Record<string, string | string[]>, extra: RequestExtra, server: Server): Promise<ReadResourceResult>;
}

export interface PromptEntry {
  readonly definition: Prompt;
  get(args: Record<string, string>, extra: RequestExtra, server: Server): Promise<GetPromptResult>;
}

/**
 * Everything an application serves, built once at startup and shared by every connection and
 * session; the list responses are precomputed so listing does no work per request.
 */
export interface Registry {
  readonly tools: ReadonlyMap<string, ToolEntry>;
  readonly toolList: Tool[];
  readonly resources: ReadonlyMap<string, ResourceEntry>;
  readonly resourceList: Resource[];
  readonly templates: ResourceTemplateEntry[];
  readonly templateList: ResourceTemplate[];
  readonly prompts: ReadonlyMap<string, PromptEntry>;
  readonly promptList: Prompt[];
}
