import { McpKitError } from "./mcpkit-error.js";

/** `mcpkit schema` could not express a handler's parameter or return type as JSON Schema. */
export class SchemaGenerationError extends McpKitError {
  constructor(
    /** "file.ts:12", relative to the project. */
    readonly location: string,
    /** "Class.method". */
    readonly where: string,
    /** 'parameter "filters"' or "the return type". */
    readonly subject: string,
    problem: string,
    fix: string,
  ) {
    super(`${location} ${where}, ${subject}: ${problem}. Fix: ${fix}.`);
  }
}
