import { McpKitError } from "./mcpkit-error.js";

/** An application method was called in a state where it cannot run (e.g. listen() after close()). */
export class ApplicationStateError extends McpKitError {}
