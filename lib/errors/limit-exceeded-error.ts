import { McpKitError } from "./mcpkit-error.js";

/**
 * A call refused by `@RateLimit` or `@ConcurrencyLimit` instead of queued: a tool answers it as an
 * `isError` result the model can read, resources and prompts as an error. Says when to retry.
 */
export class LimitExceededError extends McpKitError {
  /**
   * @param what the limited tool, resource, prompt or method, as the client knows it.
   * @param limit the limit in words, e.g. "10 calls per 60 s for each caller".
   * @param retryAfterMs when a retry may succeed.
   */
  constructor(readonly what: string, readonly limit: string, readonly retryAfterMs: number) {
    super(`${what} is over its limit of ${limit}. Retry after ${formatSeconds(retryAfterMs)}.`);
  }
}

function formatSeconds(ms: number): string {
  const seconds = Math.max(0.1, Math.ceil(ms / 100) / 10);
  return `${seconds} s`;
}
