import { fileURLToPath, pathToFileURL } from "node:url";
import { McpKitError } from "../errors/mcpkit-error.js";
import type { Constructor } from "../metadata/types.js";
import { generatedSchemasOf, registerGeneratedModule, type GeneratedSchemaModule } from "./generated-schemas.js";
import { registerPrecompiledValidators } from "./precompiled-validators.js";

// Where each decorated class was declared: the modules that ran its decorators, nearest first.
const declaringModules = new WeakMap<Function, string[]>();
// mcpkit's own files: dist/lib/ unbundled; dist/bundle/ in the published package (this code runs from dist/bundle/chunks/).
const ownDirectory = new URL("../", import.meta.url).href;
const ownPath = ownDirectory.startsWith("file:") ? new URL(ownDirectory).pathname : ownDirectory;
const loading = new Map<string, Promise<void>>();

/**
 * Remembers which module declared `target`, read from the call stack while its decorators run
 * (once per class, at import time). The generated `x.schema.js` beside it is found from there.
 */
export function recordDeclaringModule(target: Function): void {
  if (declaringModules.has(target)) return;
  const previous = Error.prepareStackTrace;
  const holder: { stack?: unknown } = {};
  let sites: unknown;
  try {
    // Raw call sites name the file that really ran, even under --enable-source-maps; the stack
    // is formatted lazily, so it is read before the formatter is put back.
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.captureStackTrace(holder, recordDeclaringModule);
    sites = holder.stack;
  } finally {
    Error.prepareStackTrace = previous;
  }
  const files: string[] = [];
  for (const site of Array.isArray(sites) ? (sites as NodeJS.CallSite[]) : []) {
    const file = site.getFileName();
    // tslib's __decorate and reflect-metadata's Reflect.decorate run the decorators: neither declares the class.
    if (!file || file.startsWith("node:") || isOwnFile(file) || /[\\/]node_modules[\\/](tslib|reflect-metadata)[\\/]/.test(file)) continue;
    const url = file.startsWith("file:") ? file : pathToFileURL(file).href;
    if (!files.includes(url)) files.push(url);
    if (files.length === 3) break;
  }
  declaringModules.set(target, files);
}

/** The modules that ran the class's decorators, nearest first (usually just the one declaring it). */
export function declaringModulesOf(target: Function): readonly string[] {
  return declaringModules.get(target) ?? [];
}

/** The generated schemas of a class, looked up in the generated modules loaded so far. */
export function loadedSchemasOf(target: Function) {
  return generatedSchemasOf(target, declaringModulesOf(target));
}

function isOwnFile(file: string): boolean {
  return file.startsWith(ownDirectory) || file.startsWith(ownPath);
}

/** `file:///app/tools.js` -> `file:///app/tools.schema.js`; `tools.ts` -> `tools.schema.ts` under a TypeScript runner (tsx). */
export function schemaModuleUrl(moduleUrl: string): string | undefined {
  const match = /\.(m|c)?[jt]s$/.exec(moduleUrl);
  return match ? moduleUrl.slice(0, match.index) + `.schema${match[0]}` : undefined;
}

/**
 * Imports the generated schema module of each class (and of the base classes it inherits
 * handlers from) that has not registered its schemas yet. A class without one is left to the
 * next schema source; a generated module that exists but fails to load is an error.
 */
export async function loadGeneratedSchemas(services: readonly Constructor[]): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const service of services) {
    for (let c: unknown = service; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      pending.push(loadFor(c));
    }
  }
  await Promise.all(pending);
}

/** Imports every generated module beside the modules that declared `target` (for what they record besides schemas). */
export async function loadGeneratedModulesOf(target: Function): Promise<void> {
  for (const moduleUrl of declaringModulesOf(target)) await loadOnce(moduleUrl);
}

async function loadFor(target: Function): Promise<void> {
  if (generatedSchemasOf(target)) return; // registered by hand
  for (const moduleUrl of declaringModulesOf(target)) {
    await loadOnce(moduleUrl);
    if (Object.keys(generatedSchemasOf(target, [moduleUrl]) ?? {}).length > 0) return;
  }
}

function loadOnce(moduleUrl: string): Promise<void> {
  let promise = loading.get(moduleUrl);
  if (!promise) {
    const url = schemaModuleUrl(moduleUrl);
    promise = url ? importSchemaModule(moduleUrl, url) : Promise.resolve();
    loading.set(moduleUrl, promise);
  }
  return promise;
}

function importSchemaModule(moduleUrl: string, url: string): Promise<void> {
  return import(url).then(
    (namespace: { default?: GeneratedSchemaModule; validators?: unknown }) => {
      const module = namespace.default;
      if (module?.format !== 1 || typeof module.classes !== "object") {
        throw new McpKitError(`${fileURLToPath(url)} is not a generated schema module this version of mcpkit reads. Fix: run \`npx mcpkit schema\` and rebuild`);
      }
      registerGeneratedModule(moduleUrl, module);
      registerPrecompiledValidators(module, namespace.validators);
    },
    (error: NodeJS.ErrnoException) => {
      // Only "this very file does not exist" means "not generated"; any other failure is real.
      const missing = error?.code === "ERR_MODULE_NOT_FOUND" || error?.code === "MODULE_NOT_FOUND";
      if (missing && String(error.message).includes(fileURLToPath(url))) return;
      throw new McpKitError(`The generated schema module ${fileURLToPath(url)} failed to load. Fix: run \`npx mcpkit schema\` and rebuild`, { cause: error });
    },
  );
}
