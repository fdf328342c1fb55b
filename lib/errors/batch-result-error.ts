import { McpKitError } from "./mcpkit-error.js";

/** A batch method returned something that cannot be matched to the keys it was given. */
export class BatchResultError extends McpKitError {
  constructor(where: string, problem: string) {
    super(`The batch method ${where} ${problem}. Fix: return one result per key in key order, a Map from key to result, or set @Batched({ keyOf: (result) => result.id }).`);
  }
}
