import { McpKitError } from "./mcpkit-error.js";

/** A pool could not reach its service at startup, even after retrying. */
export class PoolStartupError extends McpKitError {
  constructor(
    readonly pool: string,
    readonly address: string,
    attempts: number,
    elapsedMs: number,
    cause: unknown,
    configuredBy?: string,
  ) {
    super(
      `${pool} could not connect to ${address} after ${attempts} attempt${attempts === 1 ? "" : "s"} ` +
        `over ${Math.round(elapsedMs)} ms, so the server did not start. ` +
        `Fix: start the service at ${address}, or correct ${configuredBy ?? "the pool's address"}.`,
      { cause },
    );
  }
}
