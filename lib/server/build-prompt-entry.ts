import { ErrorCode, McpError, type GetPromptResult, type Prompt, type PromptMessage } from "@modelcontextprotocol/sdk/types.js";
import { runInCallContext } from "../context/call-context.js";
import { createCallContext } from "../context/create-call-context.js";
import { SchemaError } from "../errors/schema-error.js";
import type { Constructor, PromptMetadata } from "../metadata/types.js";
import { generatedPromptDefinition } from "../schema/generated-schema-source.js";
import { parseParameters } from "../schema/parameter-names.js";
import { buildCompleter } from "./build-completer.js";
import type { PromptEntry } from "./registry.js";

/** Turns a prompt method's return value into `prompts/get` messages. */
export function toGetPromptResult(value: unknown, description: string | undefined): GetPromptResult {
  let result: GetPromptResult;
  if (typeof value === "string") result = { messages: [{ role: "user", content: { type: "text", text: value } }] };
  else if (Array.isArray(value)) result = { messages: value as PromptMessage[] };
  else result = value as GetPromptResult;
  return description && result.description === undefined ? { description, ...result } : result;
}

export function buildPromptEntry(target: Constructor, instance: Record<string, Function>, handler: PromptMetadata): PromptEntry {
  const where = `${target.name}.${handler.methodName}`;
  const params = parseParameters(instance[handler.methodName]!);
  const names = params.map((p, index) => {
    if (!p.name) throw new SchemaError(where, `parameter ${index + 1} has no plain name`, "give each prompt parameter a plain name");
    return p.name;
  });
  // Generated from JSDoc when `mcpkit schema` ran: argument descriptions and the prompt's own.
  const generated = generatedPromptDefinition(target, handler, instance[handler.methodName]!);
  const args = handler.arguments ?? generated?.arguments ?? params.map((p) => ({ name: p.name!, required: !p.hasDefault }));
  const description = handler.description ?? generated?.description;
  const required = args.filter((a) => a.required).map((a) => a.name);
  const definition: Prompt = { name: handler.name, arguments: args };
  if (handler.title) definition.title = handler.title;
  if (description) definition.description = description;
  const { methodName } = handler;
  return {
    definition,
    complete: buildCompleter(instance, methodName, where, args.map((a) => a.name)),
    get(values, extra, server) {
      const missing = required.filter((name) => values[name] === undefined);
      if (missing.length > 0) {
        throw new McpError(ErrorCode.InvalidParams, `Prompt "${handler.name}": missing required argument${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`);
      }
      const context = createCallContext("prompt", handler.name, extra, server);
      return runInCallContext(context, async () => toGetPromptResult(await instance[methodName]!(...names.map((n) => values[n])), description));
    },
  };
}
