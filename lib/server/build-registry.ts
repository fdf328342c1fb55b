import { DuplicateNameError } from "../errors/duplicate-name-error.js";
import { SchemaError } from "../errors/schema-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor, ResourceMetadata } from "../metadata/types.js";
import type { ToolInterceptor } from "../pipeline/invocation.js";
import { resolveSchema, type SchemaSource } from "../schema/schema-source.js";
import { buildPromptEntry } from "./build-prompt-entry.js";
import { buildResourceEntry, buildResourceTemplateEntry } from "./build-resource-entry.js";
import { buildToolEntry } from "./build-tool-entry.js";
import type { PromptEntry, Registry, ResourceEntry, ResourceTemplateEntry, ToolEntry } from "./registry.js";

export interface BuildRegistryOptions {
  services: readonly Constructor[];
  /** Returns the container-built instance of a service class. */
  instanceOf(service: Constructor): object;
  schemaSources: readonly SchemaSource[];
  interceptors: readonly ToolInterceptor[];
}

/** Reads every service's metadata once, checks it, and builds what the server serves. */
export function buildRegistry(options: BuildRegistryOptions): Registry {
  const tools = new Map<string, ToolEntry>();
  const resources = new Map<string, ResourceEntry>();
  const templates = new Map<string, ResourceTemplateEntry>();
  const prompts = new Map<string, PromptEntry>();
  const declaredBy = new Map<string, string>();

  const claim = (kind: string, name: string, where: string) => {
    const key = `${kind}\u0000${name}`;
    const first = declaredBy.get(key);
    if (first) throw new DuplicateNameError(kind, name, first, where);
    declaredBy.set(key, where);
  };

  for (const service of options.services) {
    const metadata = metadataStore.get(service);
    if (!metadata || metadata.handlers.length === 0) continue;
    const instance = options.instanceOf(service) as Record<string, Function>;
    for (const handler of metadata.handlers) {
      const where = `${service.name}.${handler.methodName}`;
      if (handler.kind === "tool") {
        claim("tool", handler.name, where);
        const method = instance[handler.methodName]!;
        const schema = resolveSchema(options.schemaSources, { target: service, handler, method, where });
        if (!schema) throw new SchemaError(where, "no schema source could describe the tool's input", "pass an explicit schema: @Tool({ input: { type: \"object\", ... } })");
        tools.set(handler.name, buildToolEntry({ target: service, instance, handler, schema, interceptors: options.interceptors }));
      } else if (handler.kind === "resource") {
        const address = handler.uri ?? handler.uriTemplate!;
        claim("resource", address, where);
        if (handler.uri !== undefined) resources.set(handler.uri, buildResourceEntry(service, instance, handler as ResourceMetadata & { uri: string }));
        else templates.set(address, buildResourceTemplateEntry(service, instance, handler as ResourceMetadata & { uriTemplate: string }));
      } else {
        claim("prompt", handler.name, where);
        prompts.set(handler.name, buildPromptEntry(service, instance, handler));
      }
    }
  }

  return {
    tools,
    toolList: [...tools.values()].map((t) => t.definition),
    resources,
    resourceList: [...resources.values()].map((r) => r.definition),
    templates: [...templates.values()],
    templateList: [...templates.values()].map((t) => t.definition),
    prompts,
    promptList: [...prompts.values()].map((p) => p.definition),
  };
}
