import type * as SdkRuntime from "./sdk-runtime.js";

/** What mcpkit needs from the SDK at run time, loaded as one lazy module (`sdk-runtime.ts`). */
export type ProtocolRuntime = typeof SdkRuntime;

let loading: Promise<ProtocolRuntime> | undefined;
let loaded: ProtocolRuntime | undefined;

/**
 * Loads the SDK (once). Importing it costs about as much as the rest of a server's start-up (its
 * modules and the zod schemas they build), so a stdio server answers its first requests on the fast
 * lane and loads the SDK right after (`LaneConnection`); everything else awaits this first.
 */
export function loadProtocolRuntime(): Promise<ProtocolRuntime> {
  return (loading ??= import("./sdk-runtime.js").then((runtime) => (loaded = runtime)));
}

/** The SDK when it is loaded; code that runs only once the SDK serves a connection reads it here. */
export function protocolRuntime(): ProtocolRuntime {
  if (!loaded) throw new Error("mcpkit: the protocol runtime is used before it was loaded (loadProtocolRuntime)");
  return loaded;
}

/** True once the SDK is loaded. */
export function isProtocolRuntimeLoaded(): boolean {
  return loaded !== undefined;
}
