import { InvalidParamsError } from "./invalid-params-error.js";

/** No resource or URI template of the server matches the URI: -32602 with `data.uri`, in both protocol eras. */
export class ResourceNotFoundError extends InvalidParamsError {
  constructor(readonly uri: string) {
    super(`Resource not found: "${uri}" matches no resource or URI template of this server`, { uri });
  }
}
