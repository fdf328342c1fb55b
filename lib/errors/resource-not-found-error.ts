import { InvalidParamsError } from "./invalid-params-error.js";

/**
 * No resource exists at the URI: -32602 with `data.uri`, in both protocol eras. mcpkit throws it
 * when no resource or template matches; a template method throws it when the URI names nothing.
 * @example
 * if (!user) throw new ResourceNotFoundError(`users://${id}`, `No customer has id ${id}`);
 */
export class ResourceNotFoundError extends InvalidParamsError {
  constructor(
    readonly uri: string,
    message = `Resource not found: "${uri}" matches no resource or URI template of this server`,
  ) {
    super(message, { uri });
  }
}
