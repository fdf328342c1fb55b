import { McpKitError } from "./mcpkit-error.js";

/** An HTTP request answered with a status outside 200-299. */
export class HttpStatusError extends McpKitError {
  constructor(
    readonly pool: string,
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${pool}: ${method} ${url} answered ${status}${body ? `: ${body.length > 300 ? body.slice(0, 300) + "…" : body}` : ""}`);
  }
}
