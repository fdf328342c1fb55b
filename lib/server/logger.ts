import { thrownMessage } from "../pipeline/thrown-message.js";

/**
 * Where everything mcpkit prints goes: start-up warnings, unexpected call errors (with their stack),
 * cache store outages and recoveries, shutdown notes, transport warnings. Never stdout, which is the
 * protocol channel of a stdio server.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** `error` is the thrown value, when there is one: the default logger prints its stack. */
  error(message: string, error?: unknown): void;
}

/** The default: one line per message on stderr, an error's stack indented below it. */
export const stderrLogger: Logger = {
  info: (message) => void process.stderr.write(message + "\n"),
  warn: (message) => void process.stderr.write(message + "\n"),
  error: (message, error) => void process.stderr.write(message + (error === undefined ? "" : `\n${indentedStack(error)}`) + "\n"),
};

function indentedStack(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : thrownMessage(error);
  return text.split("\n").map((line) => `    ${line.trim()}`).join("\n");
}
