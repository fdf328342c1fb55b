import type { DependencyContainer, InjectionToken } from "tsyringe";
import { CacheManager, type CacheOptions } from "../cache/cache-manager.js";
import { parseDuration, type Duration } from "../cache/duration.js";
import { McpKitError } from "../errors/mcpkit-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Provider } from "../server/providers.js";
import { callerIdentity } from "./caller-identity.js";
import { installBehaviours, type BehaviourRuntime } from "./install-behaviours.js";
import type { SharedLimitStore } from "./limit-step.js";

/** The application options behaviours read. */
export interface BehaviourOptions {
  name: string;
  /** Cache store, caller identity and bounds; see `CacheOptions`. */
  cache?: CacheOptions;
  /** Time limit of every tool call without its own `@Timeout` (ms or "30s"); default none. */
  defaultTimeout?: Duration;
  providers?: Provider[];
  /** Where `@RateLimit`/`@ConcurrencyLimit` count across instances; default: in process. */
  sharedLimits?: SharedLimitStore;
}

/** An application's behaviours: its caches, and the hook that installs behaviours on the instances its container builds. */
export class ApplicationBehaviours {
  readonly cache: CacheManager;
  private readonly runtime: BehaviourRuntime;
  private readonly watched = new Set<unknown>();

  constructor(private readonly container: DependencyContainer, options: BehaviourOptions) {
    const defaultTimeoutMs = options.defaultTimeout === undefined ? undefined : parseDuration(options.defaultTimeout);
    if (defaultTimeoutMs === undefined ? options.defaultTimeout !== undefined : defaultTimeoutMs <= 0) {
      throw new McpKitError(`Application "${options.name}": defaultTimeout ${JSON.stringify(options.defaultTimeout)} is not a duration above zero. Fix: give milliseconds or a string such as "30s".`);
    }
    const callerOf = options.cache?.callerOf ?? callerIdentity;
    this.cache = new CacheManager(options.cache, (token) => container.resolve(token));
    this.runtime = { cache: this.cache, callerOf, defaultTimeoutMs, sharedLimits: options.sharedLimits };
    container.register(CacheManager, { useValue: this.cache });
    for (const target of metadataStore.classesWithBehaviours()) this.watch(target);
    for (const provider of options.providers ?? []) this.watch(provider.provide);
  }

  /** Installs behaviours on every instance the container builds for `token` from now on. */
  watch(token: unknown): void {
    if (this.watched.has(token)) return;
    this.watched.add(token);
    this.container.afterResolution(token as InjectionToken<unknown>, (_token, result) => {
      for (const instance of Array.isArray(result) ? result : [result]) installBehaviours(instance, this.runtime);
    });
  }
}
