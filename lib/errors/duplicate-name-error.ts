import { McpKitError } from "./mcpkit-error.js";

/** Two tools, resources or prompts of one application share a name or URI. */
export class DuplicateNameError extends McpKitError {
  constructor(kind: string, name: string, first: string, second: string) {
    super(
      `Duplicate ${kind} "${name}": declared by ${first} and by ${second}. ` +
        `Fix: give one of them another name, e.g. @${kind[0]!.toUpperCase()}${kind.slice(1)}({ name: "..." }).`,
    );
  }
}
