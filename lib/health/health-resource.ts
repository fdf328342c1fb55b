import { tsyringe } from "../runtime/commonjs.js";

const { inject } = tsyringe;
import { Resource } from "../decorators/resource.js";
import { Service } from "../decorators/service.js";
import type { HealthReport } from "./health-report.js";

/** The injection token of the application's health source (registered by every McpApplication). */
export const HEALTH_SOURCE = Symbol("mcpkit.health");

/** Reads the application's current health report. */
export interface HealthSource {
  report(): HealthReport;
}

/**
 * Serves the application's health as the MCP resource `health://server`: list it among the services.
 * @example
 * new McpApplication({ name: "shop", services: [ShopTools, HealthResource], pools: [db] });
 */
@Service()
export class HealthResource {
  constructor(@inject(HEALTH_SOURCE) private readonly source: HealthSource) {}

  @Resource({ uri: "health://server", name: "health", mimeType: "application/json", description: "Server state, calls in flight, and every pool's connections, waiting callers and errors." })
  async health(): Promise<HealthReport> {
    return this.source.report();
  }
}
