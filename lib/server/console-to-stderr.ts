import { Console } from "node:console";

/** The console methods that write to stdout. */
const STDOUT_METHODS = ["log", "info", "debug", "dir", "dirxml", "table", "count", "countReset", "group", "groupCollapsed", "groupEnd", "time", "timeEnd", "timeLog"] as const;

/**
 * Sends what the console would print on stdout to stderr instead, while a stdio server owns stdout
 * (one stray `console.log` in a tool would corrupt the protocol stream). Returns the undo.
 */
export function routeConsoleToStderr(): () => void {
  const original = Object.fromEntries(STDOUT_METHODS.map((name) => [name, console[name]]));
  const toStderr = new Console({ stdout: process.stderr, stderr: process.stderr });
  for (const name of STDOUT_METHODS) (console as unknown as Record<string, unknown>)[name] = toStderr[name].bind(toStderr);
  return () => void Object.assign(console, original);
}
