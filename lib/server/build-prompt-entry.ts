import type { GetPromptResult, Prompt, PromptMessage } from "../protocol/wire-types.js";
import { InvalidParamsError } from "../errors/invalid-params-error.js";
import { envelope, type CallEnvelopeOptions } from "../pipeline/call-envelope.js";
import type { HandlerDescriptor } from "../pipeline/invocation.js";
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

export function buildPromptEntry(target: Constructor, instance: Record<string, Function>, handler: PromptMetadata, options: CallEnvelopeOptions): PromptEntry {
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
  const descriptor: HandlerDescriptor = { kind: "prompt", name: handler.name, where, target, methodName };
  const get = envelope(options, descriptor, {}, async ({ args }) =>
    toGetPromptResult(await instance[methodName]!(...names.map((n) => args[n])), description),
  );
  return {
    descriptor,
    definition,
    complete: buildCompleter(instance, methodName, where, args.map((a) => a.name)),
    get(values, incoming) {
      const missing = required.filter((name) => values[name] === undefined);
      if (missing.length > 0) {
        throw new InvalidParamsError(`Prompt "${handler.name}": missing required argument${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`);
      }
      return get(handler.name, values, incoming) as Promise<GetPromptResult>;
    },
  };
}
