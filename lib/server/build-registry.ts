import { SchemaError } from "../errors/schema-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor, ResourceMetadata } from "../metadata/types.js";
import type { CallEnvelopeOptions } from "../pipeline/call-envelope.js";
import { toJsonSchema } from "../schema/explicit-schema-source.js";
import { resolveSchema, type SchemaSource } from "../schema/schema-source.js";
import { buildPromptEntry } from "./build-prompt-entry.js";
import { buildResourceEntry, buildResourceTemplateEntry } from "./build-resource-entry.js";
import { buildToolEntry } from "./build-tool-entry.js";
import { LiveRegistry, type ServiceEntries } from "./registry.js";

/** How entries are built: the schema sources asked and the call envelope every handler gets. */
export interface EntryBuildOptions {
  schemaSources: readonly SchemaSource[];
  envelope: CallEnvelopeOptions;
}

export interface BuildRegistryOptions extends EntryBuildOptions {
  services: readonly Constructor[];
  /** Returns the container-built instance of a service class. */
  instanceOf(service: Constructor): object;
}

/** Reads one service's metadata once and builds its tools, resources and prompts. */
export function buildServiceEntries(service: Constructor, instance: object, options: EntryBuildOptions): ServiceEntries {
  const entries: ServiceEntries = { tools: [], resources: [], templates: [], prompts: [] };
  const metadata = metadataStore.get(service);
  if (!metadata) return entries;
  const methods = instance as Record<string, Function>;
  for (const handler of metadata.handlers) {
    const where = `${service.name}.${handler.methodName}`;
    if (handler.kind === "tool") {
      const schema = resolveSchema(options.schemaSources, { target: service, handler, method: methods[handler.methodName]!, where });
      if (!schema) throw new SchemaError(where, "no schema source could describe the tool's input", "pass an explicit schema: @Tool({ input: { type: \"object\", ... } })");
      // @Tool({ output }) holds whichever source described the input (reflection knows no outputs).
      if (!schema.output && handler.outputSchema) schema.output = toJsonSchema(handler.outputSchema, where);
      entries.tools.push({ where, entry: buildToolEntry({ target: service, instance: methods, handler, schema, envelope: options.envelope }) });
    } else if (handler.kind === "resource") {
      if (handler.uri !== undefined) entries.resources.push({ where, entry: buildResourceEntry(service, methods, handler as ResourceMetadata & { uri: string }, options.envelope) });
      else entries.templates.push({ where, entry: buildResourceTemplateEntry(service, methods, handler as ResourceMetadata & { uriTemplate: string }, options.envelope) });
    } else {
      entries.prompts.push({ where, entry: buildPromptEntry(service, methods, handler, options.envelope) });
    }
  }
  return entries;
}

/** Reads every service's metadata once, checks it (duplicate names), and builds what the server serves. */
export function buildRegistry(options: BuildRegistryOptions): LiveRegistry {
  const registry = new LiveRegistry();
  for (const service of options.services) {
    const metadata = metadataStore.get(service);
    if (!metadata || metadata.handlers.length === 0) continue;
    registry.add(service, buildServiceEntries(service, options.instanceOf(service), options));
  }
  return registry;
}
