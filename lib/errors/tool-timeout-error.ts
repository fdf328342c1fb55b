import { McpKitError } from "./mcpkit-error.js";

/** A call ran past its time limit; its work was cancelled through the call's abort signal. */
export class ToolTimeoutError extends McpKitError {
  /**
   * @param where "Class.method" whose limit it was.
   * @param limitMs the limit in milliseconds.
   * @param tool the tool being served when it happened, if any.
   * @param isTool true when `where` is that tool's own method.
   */
  constructor(readonly where: string, readonly limitMs: number, readonly tool?: string, isTool = false) {
    const what = tool === undefined ? where : isTool ? `Tool "${tool}" (${where})` : `${where}, called by tool "${tool}",`;
    super(`${what} timed out after ${limitMs} ms and was cancelled. Fix: make the work faster, or raise the limit with @Timeout() on ${where} or the application's defaultTimeout.`);
  }
}
