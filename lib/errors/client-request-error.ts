import { McpKitError } from "./mcpkit-error.js";

/**
 * A request the server sent to the client during a call (sampling, elicitation) failed or was
 * answered with something unusable. Thrown as a plain error so the tool reports it as an error
 * result rather than as a protocol error of the tool call itself.
 */
export class ClientRequestError extends McpKitError {
  constructor(helper: string, where: string, cause: unknown) {
    super(`${helper}() in ${where}: the client's answer could not be used. Fix: check the client's handler for this request, or catch the error and fall back.`, { cause });
  }
}
