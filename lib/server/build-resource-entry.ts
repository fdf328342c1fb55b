import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import { runInCallContext } from "../context/call-context.js";
import { createCallContext } from "../context/create-call-context.js";
import { SchemaError } from "../errors/schema-error.js";
import type { Constructor, ResourceMetadata } from "../metadata/types.js";
import { parseParameters } from "../schema/parameter-names.js";
import { buildCompleter } from "./build-completer.js";
import type { ResourceEntry, ResourceTemplateEntry } from "./registry.js";

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

export function buildResourceEntry(target: Constructor, instance: Record<string, Function>, handler: ResourceMetadata & { uri: string }): ResourceEntry {
  const { methodName, mimeType } = handler;
  return {
    definition: definitionOf(handler, { uri: handler.uri }),
    read(uri, extra, server) {
      const context = createCallContext("resource", uri, extra, server);
      return runInCallContext(context, async () => toReadResourceResult(await instance[methodName]!(), uri, mimeType));
    },
  };
}

/** Converts one URI variable (always text) to the parameter's declared type. */
type VariableParser = (raw: string | string[], uri: string) => unknown;

function parserFor(type: unknown, name: string, uriTemplate: string): VariableParser {
  const text = (raw: string | string[]) => (Array.isArray(raw) ? raw.join(",") : raw);
  const invalid = (raw: string | string[], expected: string) =>
    new McpError(ErrorCode.InvalidParams, `Resource template "${uriTemplate}": variable "${name}" must be ${expected}, got "${text(raw)}"`);
  if (type === Number) {
    return (raw) => {
      const value = Number(text(raw));
      if (text(raw).trim() === "" || !Number.isFinite(value)) throw invalid(raw, "a number");
      return value;
    };
  }
  if (type === Boolean) {
    return (raw) => {
      if (text(raw) === "true") return true;
      if (text(raw) === "false") return false;
      throw invalid(raw, "true or false");
    };
  }
  if (type === Array) return (raw) => (Array.isArray(raw) ? raw : raw.split(","));
  return (raw) => text(raw);
}

export function buildResourceTemplateEntry(target: Constructor, instance: Record<string, Function>, handler: ResourceMetadata & { uriTemplate: string }): ResourceTemplateEntry {
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
  return {
    definition: definitionOf(handler, { uriTemplate: handler.uriTemplate }),
    template,
    complete: buildCompleter(instance, methodName, where, [...variables]),
    read(uri, values, extra, server) {
      // Parsed before the call starts, so a malformed URI is an InvalidParams error, not a failed read.
      const args = params.map((p) => (values[p.name] === undefined ? undefined : p.parse(values[p.name]!, uri)));
      const context = createCallContext("resource", uri, extra, server);
      return runInCallContext(context, async () => toReadResourceResult(await instance[methodName]!(...args), uri, mimeType));
    },
  };
}

function definitionOf<T extends object>(handler: ResourceMetadata, address: T): T & { name: string } {
  const definition: Record<string, unknown> = { ...address, name: handler.name };
  if (handler.title) definition.title = handler.title;
  if (handler.description) definition.description = handler.description;
  if (handler.mimeType) definition.mimeType = handler.mimeType;
  return definition as T & { name: string };
}
