import { McpKitError } from "./mcpkit-error.js";

/** A class's constructor parameter types are known nowhere: no decorator metadata, and no generated module records them. */
export class MissingDecoratorMetadataError extends McpKitError {
  constructor(className: string, problem: string, fix: string) {
    super(`Cannot inject the constructor of ${className}: ${problem}. Fix: ${fix}.`);
  }
}
