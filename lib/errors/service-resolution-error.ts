import { McpKitError } from "./mcpkit-error.js";

/** The container could not build a service class (a missing provider, a constructor that threw). */
export class ServiceResolutionError extends McpKitError {
  constructor(serviceName: string, cause: unknown) {
    super(
      `Could not create service ${serviceName}. Fix: mark its dependencies with @Service() or pass ` +
        `a provider for each injected token in McpApplication's "providers" option.`,
      { cause },
    );
  }
}
