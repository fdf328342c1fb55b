/// <reference types="reflect-metadata" />
import { createRequire } from "node:module";
import type * as Tsyringe from "tsyringe";

/**
 * Loads CommonJS packages with require(). Importing them from ESM goes through Node's translation
 * layer, which cost ~12 ms of cold start for tsyringe and reflect-metadata alone; require() returns
 * the very same module instances, so user code that imports "tsyringe" shares its registry with ours.
 */
export const requireCommonJs = createRequire(import.meta.url);

// Decorator metadata (`design:paramtypes`) needs the Reflect metadata API before any class loads,
// and tsyringe refuses to load without it.
requireCommonJs("reflect-metadata");

export const tsyringe: typeof Tsyringe = requireCommonJs("tsyringe");
