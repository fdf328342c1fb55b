import type { HandlerDescriptor } from "../../pipeline/invocation.js";
import type { Registry } from "../../server/registry.js";
import { matchTemplate } from "../uri-template.js";

/** The handler a JSON-RPC request calls (tools/call, resources/read, prompts/get), if it names a served one. */
export function targetOf(registry: Registry, message: unknown): HandlerDescriptor | undefined {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown; uri?: unknown } };
  if (typeof params !== "object" || params === null) return undefined;
  if (method === "tools/call" && typeof params.name === "string") return registry.tools.get(params.name)?.descriptor;
  if (method === "prompts/get" && typeof params.name === "string") return registry.prompts.get(params.name)?.descriptor;
  if (method === "resources/read" && typeof params.uri === "string") {
    return registry.resources.get(params.uri)?.descriptor ?? matchTemplate(registry.templates, params.uri)?.entry.descriptor;
  }
  return undefined;
}
