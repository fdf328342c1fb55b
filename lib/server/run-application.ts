import type { HttpTransportOptions } from "../protocol/transports/http-transport.js";
import type { McpApplication } from "./mcp-application.js";
import { thrownMessage } from "../pipeline/thrown-message.js";

/** What `runApplication` reads from the command line. */
export interface CommandLine {
  http: boolean;
  port: number;
  host: string;
  stateless: boolean;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const line: CommandLine = { http: false, port: 3000, host: "127.0.0.1", stateless: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--stateless") line.stateless = true;
    else if (arg === "--port") line.port = Number(value());
    else if (arg === "--host") line.host = value();
    else if (arg !== "--http") throw new Error(`Unknown option ${arg}. Options: --http [--port N] [--host H] [--stateless]`);
    // Every option is an HTTP option, so `--port 3000` alone does not silently start stdio.
    line.http = true;
  }
  if (!Number.isInteger(line.port) || line.port < 0 || line.port > 65535) throw new Error(`--port must be a whole number from 0 to 65535`);
  return line;
}

/** What `runApplication` does besides serving. */
export interface RunOptions {
  /** Runs after the application closed and before the process exits (e.g. flush an OpenTelemetry SDK). */
  afterClose?: () => Promise<unknown>;
  /** Streamable HTTP settings for `--http` beyond the command line's (e.g. `resumableEvents`). */
  http?: Omit<HttpTransportOptions, "port" | "host" | "stateless">;
}

/**
 * The main of a server program: stdio by default, `--http [--port N]` for Streamable HTTP.
 * SIGINT/SIGTERM (and stdin closing, for stdio) close the application gracefully: no new calls,
 * calls in flight finish, pools close. A second signal exits at once. A failed start (a pool that
 * stays down) prints its message and exits with status 1.
 */
export async function runApplication(app: McpApplication, argv: readonly string[] = process.argv.slice(2), options: RunOptions = {}): Promise<void> {
  const line = parseCommandLine(argv);
  let signalled = false;
  const shutdown = (reason: string) => {
    if (signalled) {
      app.logger.warn(`${app.options.name}: ${reason} again, exiting without waiting`);
      process.exit(130);
    }
    signalled = true;
    const force = reason.startsWith("SIG") ? ` (send ${reason} again to exit at once)` : "";
    app.logger.info(`${app.options.name}: ${reason}, shutting down gracefully${force}`);
    // Exit once stdout has flushed, so the last responses of a stdio server are not cut off.
    app.close().then(() => options.afterClose?.()).then(() => void process.stdout.write("", () => process.exit(0)), (error: unknown) => {
      app.logger.error(`${app.options.name}: shutdown failed: ${thrownMessage(error)}`, error);
      process.exit(1);
    });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  try {
    if (line.http) {
      const listener = await app.listenHttp({ ...options.http, port: line.port, host: line.host, stateless: line.stateless });
      app.logger.info(`${app.options.name}: MCP over Streamable HTTP at ${listener.url}`);
    } else {
      await app.listenStdio();
      process.stdin.once("end", () => shutdown("stdin closed"));
    }
  } catch (error) {
    app.logger.error(`${app.options.name}: could not start: ${thrownMessage(error)}`);
    await app.close().catch(() => undefined);
    await options.afterClose?.().catch(() => undefined);
    process.exit(1);
  }
}
