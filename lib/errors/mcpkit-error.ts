/** Base class of every error mcpkit throws; `cause` chains are printed as indented "Reason:" lines. */
export class McpKitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(options?.cause ? `${message}\n${formatReason(options.cause)}` : message, options);
    this.name = new.target.name;
  }
}

function formatReason(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return "  Reason: " + text.split("\n").join("\n  ");
}
