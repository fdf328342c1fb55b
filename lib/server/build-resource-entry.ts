import { generatedDescription } from "../schema/generated-schema-source.js";
import type { ReadResourceResult } from "../protocol/wire-types.js";
import { UriTemplate } from "../protocol/uri-template.js";
import { InvalidParamsError } from "../errors/invalid-params-error.js";
import { SchemaError } from "../errors/schema-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor, ResourceMetadata } from "../metadata/types.js";
import { envelope, type CallEnvelopeOptions } from "../pipeline/call-envelope.js";
import type { HandlerDescriptor } from "../pipeline/invocation.js";
import { parseParameters } from "../schema/parameter-names.js";
import { buildCompleter } from "./build-completer.js";
import type { CacheHint, ResourceEntry, ResourceTemplateEntry } from "./registry.js";

/**
 * Turns a resource method's return value into `resources/read` contents: a string is text, bytes
 * (Uint8Array/Buffer) are a base64 blob, a `{ contents }` result passes through, anything else is JSON.
 */
export function toReadResourceResult(value: unknown, uri: string, mimeType: string | undefined): ReadResourceResult {
  if (value && typeof value === "object" && Array.isArray((value as ReadResourceResult).contents)) return value as ReadResourceResult;
  if (typeof value === "string") return { contents: [{ uri, mimeType: mimeType ?? "text/plain", text: value }] };
  if (value instanceof Uint8Array) {
    return { contents: [{ uri, mimeType: mimeType ?? "application/octet-stream", blob: Buffer.from(value).toString("base64") }] };
  }
  return { contents: [{ uri, mimeType: mimeType ?? "application/json", text: JSON.stringify(value) }] };
}

/** A `@Cached` resource may be reused for its TTL, by everyone when shared; anything else is not reused. */
function cacheHintOf(target: Constructor, methodName: string): CacheHint {
  const cached = metadataStore.behavioursOf(target).get(methodName)?.cached;
  if (!cached) return { ttlMs: 0, cacheScope: "private" };
  return { ttlMs: cached.ttlMs, cacheScope: cached.shared ? "public" : "private" };
}

function descriptorOf(target: Constructor, handler: ResourceMetadata, name: string): HandlerDescriptor {
  return { kind: "resource", name, where: `${target.name}.${handler.methodName}`, target, methodName: handler.methodName };
}

export function buildResourceEntry(target: Constructor, instance: Record<string, Function>, handler: ResourceMetadata & { uri: string }, options: CallEnvelopeOptions): ResourceEntry {
  const { methodName, mimeType } = handler;
  const descriptor = descriptorOf(target, handler, handler.uri);
  const read = envelope(options, descriptor, {}, async ({ context }) => toReadResourceResult(await instance[methodName]!(), context.name, mimeType));
  return {
    descriptor,
    definition: definitionOf(target, handler, { uri: handler.uri }),
    cacheHint: cacheHintOf(target, methodName),
    read: (uri, incoming) => read(uri, {}, incoming) as Promise<ReadResourceResult>,
  };
}

/** Converts one URI variable (always text) to the parameter's declared type. */
type VariableParser = (raw: string | string[], uri: string) => unknown;

function parserFor(type: unknown, name: string, uriTemplate: string): VariableParser {
  const text = (raw: string | string[]) => (Array.isArray(raw) ? raw.join(",") : raw);
  const invalid = (raw: string | string[], expected: string, uri: string) =>
    new InvalidParamsError(`Resource template "${uriTemplate}": variable "${name}" must be ${expected}, got "${text(raw)}"`, { uri });
  if (type === Number) {
    return (raw, uri) => {
      const value = Number(text(raw));
      if (text(raw).trim() === "" || !Number.isFinite(value)) throw invalid(raw, "a number", uri);
      return value;
    };
  }
  if (type === Boolean) {
    return (raw, uri) => {
      if (text(raw) === "true") return true;
      if (text(raw) === "false") return false;
      throw invalid(raw, "true or false", uri);
    };
  }
  if (type === Array) return (raw) => (Array.isArray(raw) ? raw : raw.split(","));
  return (raw) => text(raw);
}

export function buildResourceTemplateEntry(
  target: Constructor,
  instance: Record<string, Function>,
  handler: ResourceMetadata & { uriTemplate: string },
  options: CallEnvelopeOptions,
): ResourceTemplateEntry {
  const where = `${target.name}.${handler.methodName}`;
  const template = new UriTemplate(handler.uriTemplate);
  const variables = new Set(template.variableNames);
  const types: unknown[] = Reflect.getMetadata?.("design:paramtypes", target.prototype, handler.methodName) ?? [];
  const params = parseParameters(instance[handler.methodName]!).map((p, index) => {
    if (!p.name || !variables.has(p.name)) {
      throw new SchemaError(where, `parameter ${p.name ?? index + 1} is not a variable of the URI template "${handler.uriTemplate}" (variables: ${[...variables].join(", ") || "none"})`, "name each parameter after a template variable");
    }
    return { name: p.name, parse: parserFor(types[index], p.name, handler.uriTemplate) };
  });
  const { methodName, mimeType } = handler;
  const descriptor = descriptorOf(target, handler, handler.uriTemplate);
  const read = envelope(options, descriptor, {}, async ({ args, context }) =>
    toReadResourceResult(await instance[methodName]!(...params.map((p) => args[p.name])), context.name, mimeType),
  );
  return {
    descriptor,
    definition: definitionOf(target, handler, { uriTemplate: handler.uriTemplate }),
    template,
    cacheHint: cacheHintOf(target, methodName),
    complete: buildCompleter(instance, methodName, where, [...variables]),
    read(uri, values, incoming) {
      // Parsed before the call starts, so a malformed URI is an InvalidParams error, not a failed read.
      const args: Record<string, unknown> = {};
      for (const p of params) if (values[p.name] !== undefined) args[p.name] = p.parse(values[p.name]!, uri);
      return read(uri, args, incoming) as Promise<ReadResourceResult>;
    },
  };
}

function definitionOf<T extends object>(target: Constructor, handler: ResourceMetadata, address: T): T & { name: string } {
  const definition: Record<string, unknown> = { ...address, name: handler.name };
  if (handler.title) definition.title = handler.title;
  // The decorator's description wins over the JSDoc one `mcpkit schema` recorded.
  const description = handler.description ?? generatedDescription(target, handler.methodName);
  if (description) definition.description = description;
  if (handler.mimeType) definition.mimeType = handler.mimeType;
  return definition as T & { name: string };
}
