import { McpKitError } from "./mcpkit-error.js";

/** An option of `McpApplication` is not usable; thrown when the application is created. */
export class ApplicationConfigurationError extends McpKitError {
  constructor(
    readonly option: string,
    problem: string,
    fix: string,
  ) {
    super(`McpApplication option "${option}": ${problem}. Fix: ${fix}.`);
  }
}
