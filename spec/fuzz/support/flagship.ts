import { McpApplication } from "../../../lib/index.js";
import { createTestClient } from "../../../lib/testing/index.js";
import { createFlagshipApplication } from "../../../samples/flagship/flagship-application.js";
import type { ToolSchemas } from "./frames.js";
import type { Schema } from "./values.js";

/** Errors that only a programming mistake throws: a tool or the library tripping over its own input. */
const FAULTS = [TypeError, RangeError, ReferenceError, SyntaxError];

/**
 * The flagship sample on its embedded data set, with a short carrier timeout (parcel PX00000013 never
 * answers) and its call failures collected: a method failing with a TypeError, RangeError,
 * ReferenceError or SyntaxError is a fault the fuzz specs report, whatever the client was told.
 */
export function fuzzedFlagship(): { app: McpApplication; faults: string[]; warnings: string[] } {
  const faults: string[] = [];
  const warnings: string[] = [];
  const options = createFlagshipApplication({ env: {}, settings: { carrierTimeoutMs: 100 } }).options;
  const app = new McpApplication({
    ...options,
    onWarning: (message) => void warnings.push(message),
    onCallError: (error, invocation) => {
      if (FAULTS.some((type) => error instanceof type)) faults.push(`${invocation.handler.kind} "${invocation.handler.name}": ${(error as Error).stack ?? String(error)}`);
    },
  });
  return { app, faults, warnings };
}

/** Own property names of the built-in prototypes, to show that no request added any. */
export function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(",")).join("|");
}

/** Throws when a fuzzed request reached a built-in prototype. */
export function assertPrototypesClean(before: string): void {
  const probe = {} as Record<string, unknown>;
  for (const key of ["polluted", "limit", "id", "text", "ids", "status", "orderId", "isError"]) {
    if (key in probe) throw new Error(`Object.prototype was polluted: {}.${key} is ${JSON.stringify(probe[key])}`);
  }
  if (prototypeSnapshot() !== before) throw new Error("A built-in prototype gained or lost own properties during the fuzz run");
}

/** The flagship's tools and their input schemas, as `tools/list` gives them. */
export async function flagshipToolSchemas(): Promise<ToolSchemas> {
  const { client, close } = await createTestClient(fuzzedFlagship().app);
  try {
    return Object.fromEntries((await client.listTools()).tools.map((tool) => [tool.name, tool.inputSchema as Schema]));
  } finally {
    await close();
  }
}
