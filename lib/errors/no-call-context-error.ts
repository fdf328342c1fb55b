import { McpKitError } from "./mcpkit-error.js";

/** A call helper (reportProgress, log, sample, elicit) was used outside a tool, resource or prompt call. */
export class NoCallContextError extends McpKitError {
  constructor(helper: string) {
    super(
      `${helper}() was called outside an MCP call, so there is no client to talk to. ` +
        `Fix: call it from a @Tool, @Resource or @Prompt method, or from code those methods await ` +
        `(a timer or event handler started elsewhere has no call context).`,
    );
  }
}
