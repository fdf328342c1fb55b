import type { Logger } from "../server/logger.js";
import type { DependencyContainer, InjectionToken } from "tsyringe";
import { healthReport, type HealthReport } from "../health/health-report.js";
import type { ManagedPool } from "../pools/managed-pool.js";
import { hasOnShutdown, hasOnStartup } from "../server/lifecycle-hooks.js";
import { dependencyOrder } from "./dependency-order.js";
import { InFlightTracker } from "./in-flight-tracker.js";
import { startWithRetry, type StartupRetryOptions } from "./start-with-retry.js";

/** The lifecycle options of an application. */
export interface LifecycleOptions {
  /** Pools the application owns: started first (in this order), closed last (in reverse). */
  pools?: ManagedPool[];
  /** Retry while a pool's service is not up yet at startup. */
  startupRetry?: StartupRetryOptions;
  /** How long shutdown lets calls in flight finish before closing anyway; default 10 000 ms. */
  drainTimeoutMs?: number;
}

/** What shutdown asks the application to do at each step. */
export interface ShutdownSteps {
  /** Refuse new connections, sessions and 2026-07-28 requests. */
  stopAccepting(): void;
  /** Close listeners and SDK servers (aborting any call that outlived the drain). */
  closeConnections(): Promise<void>;
  /** Dispose the container (tsyringe `Disposable` instances). */
  disposeContainer(): Promise<void>;
}

/**
 * Starts an application's pools and services in dependency order and stops them in reverse:
 * pools -> services (dependencies first) -> serve; then stop accepting -> drain in-flight calls
 * (bounded) -> close connections -> services' onShutdown -> dispose -> close pools.
 */
export class ApplicationLifecycle {
  readonly inFlight = new InFlightTracker();
  private readonly started: object[] = [];
  private readonly poolTokens = new Set<InjectionToken>();

  constructor(
    private readonly application: string,
    private readonly options: LifecycleOptions,
    private readonly logger: Pick<Logger, "warn">,
  ) {}

  get pools(): readonly ManagedPool[] {
    return this.options.pools ?? [];
  }

  /** Binds each pool's tokens (its class, its client, a custom token); the first pool bound to a token wins. */
  registerPools(container: DependencyContainer): void {
    for (const pool of this.pools) {
      for (const { token, value } of pool.bindings) {
        if (this.poolTokens.has(token)) continue;
        this.poolTokens.add(token);
        container.register(token, { useValue: value });
      }
    }
  }

  /**
   * Starts the pools (with retry), then every service reachable from `roots` in dependency order.
   * On failure, whatever did start is stopped again before the error propagates.
   */
  async start(roots: readonly InjectionToken[], resolve: (token: InjectionToken, isRoot: boolean) => object | undefined): Promise<void> {
    try {
      for (const pool of this.pools) await startWithRetry(pool, this.options.startupRetry);
      const rootSet = new Set(roots);
      for (const token of dependencyOrder(roots)) {
        if (this.poolTokens.has(token)) continue;
        const instance = resolve(token, rootSet.has(token));
        if (instance) await this.startInstance(instance);
      }
    } catch (error) {
      await this.stopStarted().catch(() => undefined);
      throw error;
    }
  }

  /** Runs an instance's onStartup once and remembers it for shutdown (services added at runtime too). */
  async startInstance(instance: object): Promise<void> {
    if (this.started.includes(instance)) return;
    if (hasOnStartup(instance)) await instance.onStartup();
    this.started.push(instance);
  }

  /** Graceful shutdown; failures of individual hooks are collected and thrown together at the end. */
  async stop(steps: ShutdownSteps): Promise<void> {
    this.inFlight.stopAccepting();
    steps.stopAccepting();
    const drainTimeoutMs = this.options.drainTimeoutMs ?? 10_000;
    if (!(await this.inFlight.drained(drainTimeoutMs))) {
      this.logger.warn(`${this.application}: ${this.inFlight.size} call(s) still running after ${drainTimeoutMs} ms (drainTimeoutMs); aborting them`);
    }
    // A finished call's response is sent in the promise reactions after its pipeline resolves;
    // one turn of the event loop lets it reach the transport before connections close.
    await new Promise((resolve) => setImmediate(resolve));
    const failures: unknown[] = [];
    await steps.closeConnections().catch((error: unknown) => failures.push(error));
    failures.push(...(await this.stopStarted(steps.disposeContainer)));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} shutdown step(s) of "${this.application}" failed: ${failures.map((f) => (f as Error).message).join("; ")}`);
  }

  health(state: string, connections: number): HealthReport {
    return healthReport(this.application, state, this.inFlight.size, connections, this.pools);
  }

  /** Services' onShutdown in reverse start order, the container, then every pool in reverse order (closing is idempotent). */
  private async stopStarted(disposeContainer?: () => Promise<void>): Promise<unknown[]> {
    const failures: unknown[] = [];
    for (const instance of this.started.splice(0).reverse()) {
      if (!hasOnShutdown(instance)) continue;
      try {
        await instance.onShutdown();
      } catch (error) {
        failures.push(error);
      }
    }
    await disposeContainer?.().catch((error: unknown) => failures.push(error));
    for (const pool of [...this.pools].reverse()) {
      await pool.close().catch((error: unknown) => failures.push(error));
    }
    return failures;
  }
}
