#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const USAGE = `Usage: mcpkit schema [--check] [--watch] [--project tsconfig.json] [path ...]
       mcpkit --version

Generates the JSON Schemas of every @Tool, @Prompt and @Resource method from its TypeScript
signature and JSDoc, as a module next to each source file (x.ts -> x.schema.ts) that the server
loads at start-up. Paths limit the run to files under them (default: the paths listed in package.json's
"mcpkit": { "schema": [...] }, else the whole project).

  --check     write nothing; exit 1 when a generated module is missing or out of date (for CI)
  --watch     regenerate whenever a source file changes
  --project   the tsconfig.json to read (default: ./tsconfig.json)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-v") {
    const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
    process.stdout.write(`${manifest.version}\n`);
    return 0;
  }
  if (command !== "schema") {
    process.stderr.write(`${command && command !== "--help" && command !== "-h" ? `Unknown command "${command}".\n` : ""}${USAGE}\n`);
    return command === "--help" || command === "-h" ? 0 : 2;
  }
  let check = false;
  let watchMode = false;
  let project: string | undefined;
  const include: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--check") check = true;
    else if (arg === "--watch") watchMode = true;
    else if (arg === "--project" || arg === "-p") project = rest[++i];
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE + "\n");
      return 0;
    } else if (arg.startsWith("-")) {
      process.stderr.write(`Unknown option ${arg}.\n${USAGE}\n`);
      return 2;
    } else include.push(arg);
  }
  if (check && watchMode) {
    process.stderr.write("--check and --watch do not go together.\n");
    return 2;
  }
  const options = { check, project, include: include.length > 0 ? include : configuredPaths(project) };
  // Loaded only now: it needs the TypeScript compiler API, which --help and --version do not.
  const { runSchemaCommand, watchSchemas } = await import("./schema-command.js");
  if (watchMode) {
    watchSchemas(options);
    return -1;
  }
  return runSchemaCommand(options).exitCode;
}

/** The paths in `"mcpkit": { "schema": [...] }` of the project's package.json: what a run without paths covers (default: the whole project). */
function configuredPaths(project: string | undefined): string[] {
  const file = path.join(path.dirname(path.resolve(project ?? "tsconfig.json")), "package.json");
  if (!existsSync(file)) return [];
  const paths = (JSON.parse(readFileSync(file, "utf8")) as { mcpkit?: { schema?: unknown } }).mcpkit?.schema;
  if (paths === undefined) return [];
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) throw new Error(`"mcpkit.schema" in ${file} must be an array of paths.`);
  return paths.map((p) => path.resolve(path.dirname(file), p));
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (error) {
  process.stderr.write(`mcpkit: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
