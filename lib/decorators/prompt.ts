import { metadataStore } from "../metadata/metadata-store.js";
import type { PromptArgumentMetadata } from "../metadata/types.js";
import { methodTarget, requireAsync } from "./method-target.js";

/** Options of `@Prompt()`; arguments default to the method's parameters. */
export interface PromptOptions {
  name?: string;
  title?: string;
  description?: string;
  /** Describes the arguments; by default they are the method's parameter names, all required. */
  arguments?: PromptArgumentMetadata[];
}

/**
 * Exposes a method as an MCP prompt. It may return a string (one user message), an array of
 * messages, or a full `GetPromptResult`.
 * @example
 * @Prompt({ description: "Summarise a user" }) async summarise(userId: string) { return `Summarise ${userId}`; }
 */
export function Prompt(options: PromptOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const at = methodTarget("Prompt", target, key, descriptor);
    requireAsync("Prompt", at, descriptor.value as Function, target);
    metadataStore.addHandler(at.ctor, {
      kind: "prompt",
      methodName: at.methodName,
      name: options.name ?? at.methodName,
      title: options.title,
      description: options.description,
      arguments: options.arguments,
    });
  };
}
