import { McpKitError } from "./mcpkit-error.js";

/** A decorator was put somewhere it cannot work, or given arguments it cannot use. */
export class DecoratorUsageError extends McpKitError {
  constructor(decorator: string, where: string, problem: string, fix: string) {
    super(`@${decorator} on ${where}: ${problem}. Fix: ${fix}.`);
  }
}
