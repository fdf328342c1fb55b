import type { ToolAnnotations } from "../protocol/wire-types.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { SchemaInput } from "../metadata/types.js";
import { methodTarget, requireAsync } from "./method-target.js";

/** Options of `@Tool()`; every one is optional. */
export interface ToolOptions {
  /** The tool's name; defaults to the method name. */
  name?: string;
  title?: string;
  /** Defaults to the method's JSDoc when schemas are generated. */
  description?: string;
  annotations?: ToolAnnotations;
  /** An explicit input schema (JSON Schema or zod object); overrides generated and reflected ones. */
  input?: SchemaInput;
  /** An explicit output schema; results are then also returned as `structuredContent`. */
  output?: SchemaInput;
  meta?: Record<string, unknown>;
}

/**
 * Exposes a method as an MCP tool.
 * @example
 * @Tool({ annotations: { readOnlyHint: true } }) async getUser(id: string) { ... }
 */
export function Tool(options: ToolOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const at = methodTarget("Tool", target, key, descriptor);
    requireAsync("Tool", at, descriptor.value as Function, target);
    metadataStore.addHandler(at.ctor, {
      kind: "tool",
      methodName: at.methodName,
      name: options.name ?? at.methodName,
      title: options.title,
      description: options.description,
      annotations: options.annotations,
      inputSchema: options.input,
      outputSchema: options.output,
      meta: options.meta,
    });
  };
}
