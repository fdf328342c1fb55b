import { McpKitError } from "./mcpkit-error.js";

/** The arguments of one call did not match the tool's input schema. */
export class ToolArgumentError extends McpKitError {
  constructor(
    readonly toolName: string,
    readonly problems: string[],
  ) {
    super(`Invalid arguments for tool "${toolName}": ${problems.join("; ")}`);
  }
}
