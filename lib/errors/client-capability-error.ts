import { McpKitError } from "./mcpkit-error.js";

/** The server asked the client for something (sampling, elicitation) it did not declare it supports. */
export class ClientCapabilityError extends McpKitError {
  constructor(helper: string, where: string, capability: string) {
    super(
      `${helper}() in ${where}: the client did not declare the "${capability}" capability, so it cannot answer. ` +
        `Fix: connect with a client that supports ${capability}, or check clientSupports("${capability}") first and fall back.`,
    );
  }
}
