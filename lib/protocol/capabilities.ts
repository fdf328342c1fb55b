import type { ServerCapabilities } from "./wire-types.js";

/**
 * What every mcpkit server declares, whatever is registered now: services can be added at runtime
 * and capabilities are fixed when a client initializes.
 */
export const SERVER_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

/** The 2025 protocol versions an `initialize` may ask for, newest first (the SDK's `SUPPORTED_PROTOCOL_VERSIONS`; a spec holds them equal). */
export const LEGACY_PROTOCOL_VERSIONS: readonly string[] = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2024-10-07"];
