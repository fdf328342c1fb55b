import type { McpApplication } from "./mcp-application.js";

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
    if (arg === "--http") line.http = true;
    else if (arg === "--stateless") line.stateless = true;
    else if (arg === "--port") line.port = Number(value());
    else if (arg === "--host") line.host = value();
    else throw new Error(`Unknown option ${arg}. Options: --http [--port N] [--host H] [--stateless]`);
  }
  if (!Number.isInteger(line.port) || line.port < 0 || line.port > 65535) throw new Error(`--port must be a whole number from 0 to 65535`);
  if (line.port !== 3000 || line.host !== "127.0.0.1" || line.stateless) line.http = true;
  return line;
}

/**
 * The main of a server program: stdio by default, `--http [--port N]` for Streamable HTTP.
 * SIGINT/SIGTERM close the application gracefully; a second signal exits at once.
 */
export async function runApplication(app: McpApplication, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const line = parseCommandLine(argv);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) process.exit(130);
    signalled = true;
    process.stderr.write(`${app.options.name}: ${signal} received, shutting down\n`);
    app.close().then(() => process.exit(0), (error: unknown) => {
      process.stderr.write(`${app.options.name}: shutdown failed: ${(error as Error).message}\n`);
      process.exit(1);
    });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  if (line.http) {
    const listener = await app.listenHttp({ port: line.port, host: line.host, stateless: line.stateless });
    process.stderr.write(`${app.options.name}: MCP over Streamable HTTP at ${listener.url}\n`);
  } else {
    await app.listenStdio();
  }
}
