import { McpKitError } from "./mcpkit-error.js";

/** The arguments of a cached or batched call have no stable key (a function, a symbol, a cycle). */
export class CacheKeyError extends McpKitError {
  constructor(where: string, problem: string) {
    super(`Cannot build a cache key for ${where}: ${problem}. Fix: pass plain data, or give a key function: @Cached({ ttl, key: (...args) => ... }).`);
  }
}
