import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import { methodTarget, requireAsync } from "./method-target.js";

/** Options of `@Resource()`: exactly one of `uri` or `uriTemplate`. */
export interface ResourceOptions {
  /** A fixed URI, e.g. `config://app`. */
  uri?: string;
  /** An RFC 6570 template, e.g. `users://{id}`; each variable is passed to the parameter of that name. */
  uriTemplate?: string;
  /** Defaults to the method name. */
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/**
 * Exposes a method as an MCP resource (fixed URI) or resource template.
 * @example
 * @Resource({ uriTemplate: "users://{id}", mimeType: "application/json" }) async user(id: string) { ... }
 */
export function Resource(options: ResourceOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const at = methodTarget("Resource", target, key, descriptor);
    requireAsync("Resource", at, descriptor.value as Function, target);
    if (!options || (options.uri === undefined) === (options.uriTemplate === undefined)) {
      throw new DecoratorUsageError("Resource", at.where, "it needs exactly one of `uri` or `uriTemplate`", 'pass e.g. { uri: "config://app" } or { uriTemplate: "users://{id}" }');
    }
    metadataStore.addHandler(at.ctor, {
      kind: "resource",
      methodName: at.methodName,
      name: options.name ?? at.methodName,
      uri: options.uri,
      uriTemplate: options.uriTemplate,
      title: options.title,
      description: options.description,
      mimeType: options.mimeType,
    });
  };
}
