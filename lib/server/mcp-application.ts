import type { DependencyContainer, InjectionToken } from "tsyringe";
import { tsyringe } from "../runtime/commonjs.js";
import type { Transport } from "../protocol/transport.js";
import type { AuthInfo } from "../protocol/wire-types.js";
import { ApplicationStateError } from "../errors/application-state-error.js";
import { ServiceResolutionError } from "../errors/service-resolution-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor } from "../metadata/types.js";
import type { Interceptor, Invocation } from "../pipeline/invocation.js";
import type { CallEnvelopeOptions } from "../pipeline/call-envelope.js";
import { explicitSchemaSource } from "../schema/explicit-schema-source.js";
import { reflectionSchemaSource } from "../schema/reflection-schema-source.js";
import { loadGeneratedSchemas } from "../schema/generated-module-loader.js";
import { generatedSchemaSource, reflectionFallbackWarning, reportingFallback, withGeneratedOutput } from "../schema/generated-schema-source.js";
import type { SchemaSource } from "../schema/schema-source.js";
import { buildRegistry, buildServiceEntries, type EntryBuildOptions } from "./build-registry.js";
import { Connections } from "../protocol/connections.js";
import { requestStateKey, type RequestStateOptions } from "../protocol/request-state.js";
import { serveConnection, type ServedConnection } from "../protocol/transports/stdio.js";
import { loadProtocolRuntime } from "../protocol/protocol-runtime.js";
import { StdioTransport } from "../protocol/transports/stdio-transport.js";
import { parseDuration, type Duration } from "../cache/duration.js";
import { ApplicationConfigurationError } from "../errors/application-configuration-error.js";
import { ApplicationLifecycle, type LifecycleOptions } from "../lifecycle/application-lifecycle.js";
import type { HealthReport } from "../health/health-report.js";
import { HEALTH_SOURCE } from "../health/health-resource.js";
import { metadataStoreScope } from "../lifecycle/service-scope.js";
import { registerProvider, type Provider } from "./providers.js";
import type { LiveRegistry } from "./registry.js";
import type { HttpListener, HttpTransportOptions } from "../protocol/transports/http-transport.js";
import { ApplicationBehaviours, type BehaviourOptions } from "../behaviours/application-behaviours.js";
import { CacheManager } from "../cache/cache-manager.js";
import { wantsTelemetry, type TelemetryOptions } from "../telemetry/telemetry-options.js";
import type { ApplicationTelemetry } from "../telemetry/application-telemetry.js";
import { stderrLogger, type Logger } from "./logger.js";
import { routeConsoleToStderr } from "./console-to-stderr.js";
import { supplyConstructorTypes } from "./constructor-types.js";
import { thrownMessage } from "../pipeline/thrown-message.js";
import { withTraceIds } from "../telemetry/log-correlation.js";
import { Cluster } from "../cluster/cluster.js";
import type { ClusterOptions } from "../cluster/cluster-options.js";
import { ApplicationAuth } from "../auth/application-auth.js";
import type { AuthOptions } from "../auth/auth-options.js";
import { scopesOfRegistry } from "../auth/handler-scopes.js";

/** Options of an application. Only `name` and `services` are required. */
export interface McpApplicationOptions extends LifecycleOptions, Pick<BehaviourOptions, "cache" | "defaultTimeout"> {
  /** The server name clients see. */
  name: string;
  version?: string;
  title?: string;
  /**
   * Serve `tools/call` requests of the usual shape on mcpkit's own path in front of the SDK (checked
   * by plain code, answered as the SDK answers); default true. False sends every message through the
   * SDK. Off while `telemetry` is on.
   */
  fastLane?: boolean;
  /** Sent to clients at initialization (and in `server/discover`): how to use this server. */
  instructions?: string;
  /** Classes whose decorated methods are served. Their dependencies need not be listed. */
  services: Constructor[];
  /** Values, classes or factories for injection tokens (configuration, pools, clients). */
  providers?: Provider[];
  /** Extra schema sources, asked after an explicit schema and before generated ones and reflection. */
  schemaSources?: SchemaSource[];
  /**
   * Where everything mcpkit prints goes (warnings, unexpected call errors with their stack, cache store
   * outages, shutdown notes); default: stderr, never stdout (the protocol channel of a stdio server).
   */
  logger?: Logger;
  /** Where start-up warnings go (e.g. tools without generated schemas); default: the logger, else stderr (the first one of the process). */
  onWarning?: (message: string) => void;
  /**
   * Hears every unexpected failure of a tool, resource or prompt method (an error that is not one of
   * mcpkit's own); the client still gets its error result. Default: the logger's `error`, with the stack.
   */
  onError?: (error: unknown, invocation: Invocation) => void;
  /** The former name of `onError` (used when `onError` is not given). */
  onCallError?: (error: unknown, invocation: Invocation) => void;
  /** Interceptors run around every tool call, resource read and prompt get, after argument validation. */
  interceptors?: Interceptor[];
  /**
   * How 2026-07-28 calls that ask the client (elicit, sample, listRoots) carry the answers between
   * rounds: the HMAC secret that seals `requestState` (shared by every instance behind one endpoint;
   * default: random per process) and how long a retry may take.
   */
  requestState?: RequestStateOptions;
  /**
   * How long 2026-07-28 clients may reuse `tools/list`, `prompts/list`, `resources/list` and
   * `resources/templates/list` results (`ttlMs`, scope public); default 0. Clients listening with
   * `subscriptions/listen` hear of changes at once whatever the TTL.
   */
  listTtl?: Duration;
  /**
   * OpenTelemetry spans and metrics (the MCP semantic conventions, plus caches, batches and pools).
   * By default they go to the global providers when an OpenTelemetry SDK was started before the
   * application, and nothing is done at all when none was; `false` turns them off; explicit
   * providers send them there.
   */
  telemetry?: TelemetryOptions | false;
  /**
   * Several instances behind one load balancer: change events for `subscriptions/listen`, the
   * `requestState` secret, `@Cached` fills and evictions are shared on this Redis. Default: none.
   */
  cluster?: ClusterOptions;
  /**
   * OAuth 2.1 resource server: HTTP requests need a bearer token from `issuer` (or one `verifier`
   * accepts) issued for this server, `@RequireScopes` is enforced, and the Protected Resource
   * Metadata is served. Without it, `listenHttp` refuses an application whose handlers require scopes;
   * `false` serves them over HTTP unchecked. stdio and in-memory connections are checked only with `auth` (see `auth.local`). See `authFromEnvironment` for AUTH_ISSUER etc.
   */
  auth?: AuthOptions | false;
}

/** Options of one served connection. */
export interface ConnectOptions {
  /**
   * Who is at the other end of the connection, for a transport that carries no tokens (stdio, in
   * memory): its calls see this principal, and caller-scoped caches and batches key by it.
   */
  authInfo?: AuthInfo;
}

type State = "new" | "starting" | "started" | "closing" | "closed";

let warnedOnStderr = false;
/** Stderr gets the first such warning of the process only: a test suite starts many applications. */
function warnOnce(message: string): void {
  if (warnedOnStderr) return;
  warnedOnStderr = true;
  process.stderr.write(message + "\n");
}

/**
 * An MCP server built from annotated service classes. Use it as is or extend it.
 * @example
 * const app = new McpApplication({ name: "users", services: [UserTools] });
 * await app.listenStdio();
 */
export class McpApplication {
  /** This application's own container: two applications in one process share no instances. */
  readonly container: DependencyContainer;
  private state: State = "new";
  private starting?: Promise<void>;
  private builtRegistry?: LiveRegistry;
  /** Pools, startup order, in-flight calls and graceful shutdown. */
  private readonly lifecycle: ApplicationLifecycle;
  private closing?: Promise<void>;
  private builtConnections?: Connections;
  private readonly served = new Set<ServedConnection>();
  private readonly listeners = new Set<HttpListener>();
  /** Installs @Cached/@Timeout/@Batched/@InvalidatesCache on the instances the container builds. */
  private readonly behaviours: ApplicationBehaviours;
  /** What every call shares: in-flight tracking (for the drain) and the interceptors. */
  private readonly envelope: CallEnvelopeOptions;
  private readonly listTtlMs: number;
  /** The checked `auth` option, when the application has one. */
  private readonly auth?: ApplicationAuth;
  /** Spans and metrics, when the application reports them (see the `telemetry` option). */
  private telemetry?: ApplicationTelemetry;
  /** What the instances share on Redis (the `cluster` option). */
  private readonly cluster?: Cluster;
  /** Reflection, the last schema source, reporting the tools that fall back to it. */
  private readonly reflection = reportingFallback(reflectionSchemaSource, (where) => {
    const message = reflectionFallbackWarning(where);
    if (this.options.onWarning) this.options.onWarning(message);
    else if (this.options.logger) this.options.logger.warn(message);
    else warnOnce(message);
  });

  /** Where mcpkit's messages go: the `logger` option, else stderr. */
  readonly logger: Logger;

  constructor(readonly options: McpApplicationOptions) {
    this.logger = options.logger ?? stderrLogger;
    this.listTtlMs = parseDuration(options.listTtl ?? 0) ?? invalidListTtl(options.listTtl);
    this.auth = options.auth ? new ApplicationAuth(options.auth) : undefined;
    this.container = tsyringe.container.createChildContainer();
    for (const provider of options.providers ?? []) registerProvider(this.container, provider);
    this.lifecycle = new ApplicationLifecycle(options.name, options, this.logger);
    this.lifecycle.registerPools(this.container);
    if (options.cluster) this.cluster = new Cluster(options.name, options.cluster, this.container, (_level, message) => this.warn(message), options.pools ?? []);
    this.envelope = {
      application: options.name,
      inFlight: this.lifecycle.inFlight,
      interceptors: options.interceptors ?? [],
      authorize: this.auth?.authorize,
      onCallError: options.onError ?? options.onCallError ?? ((error, { handler }) => this.logger.error(withTraceIds(`${options.name}: ${handler.kind} "${handler.name}" (${handler.where}) failed: ${thrownMessage(error)}`), error)),
    };
    this.container.register(HEALTH_SOURCE, { useValue: { report: () => this.health() } });
    // The cache's outage and recovery notes go to the one logger unless the cache has its own.
    const behaviourOptions = this.cluster?.behaviourOptions(options) ?? options;
    const cache = { ...behaviourOptions.cache, log: behaviourOptions.cache?.log ?? ((level: "info" | "warn", message: string) => this.logger[level](withTraceIds(message))) };
    this.behaviours = new ApplicationBehaviours(this.container, { ...behaviourOptions, cache });
    // Every known service is a singleton of this container, so a repository injected into two
    // tool classes is one instance; listed services are registered even without @Service().
    for (const service of new Set([...metadataStore.services(), ...options.services])) this.registerService(service);
  }

  /** The caches of `@Cached` methods: counts per method, eviction from code (also injectable as `CacheManager`). */
  get cache(): CacheManager {
    return this.behaviours.cache;
  }

  /** What is served; available after `start()`. */
  get registry(): LiveRegistry {
    if (!this.builtRegistry) throw new ApplicationStateError("The registry is built by start(); call `await app.start()` first.");
    return this.builtRegistry;
  }

  /** Resolves a token from this application's container. */
  resolve<T>(token: InjectionToken<T>): T {
    return this.container.resolve(token);
  }

  /** Builds services, runs their `onStartup` hooks and reads all metadata. Idempotent. */
  start(): Promise<void> {
    if (this.state === "closing" || this.state === "closed") {
      return Promise.reject(new ApplicationStateError(`Application "${this.options.name}" is ${this.state}; create a new one to start again.`));
    }
    this.starting ??= this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.state = "starting";
    const services = [...this.options.services, ...this.ownHandlers()];
    // The `x.schema.js` modules `mcpkit schema` generated beside the service classes.
    await loadGeneratedSchemas(services);
    await supplyConstructorTypes(this.options.services, this.injectableClasses());
    const instances = new Map<Constructor, object>();
    // Pools first, then every service reachable from the listed ones, dependencies first.
    await this.lifecycle.start(this.options.services, (token, isRoot) => {
      if (isRoot) {
        const instance = this.instantiate(token as Constructor);
        instances.set(token as Constructor, instance);
        return instance;
      }
      if (!this.container.isRegistered(token, true) || metadataStoreScope(token) === "transient") return undefined;
      return this.container.resolve(token) as object;
    });
    await this.cluster?.start();
    const registry = buildRegistry({ services, instanceOf: (service) => instances.get(service) ?? this, ...this.entryBuildOptions() });
    this.reflection.flush();
    if (wantsTelemetry(this.options.telemetry)) {
      // Loaded on demand: servers without an OpenTelemetry SDK never load the API.
      const { ApplicationTelemetry } = await import("../telemetry/application-telemetry.js");
      this.telemetry = new ApplicationTelemetry(this.options.telemetry || undefined, {
        activeCalls: () => this.lifecycle.inFlight.size,
        cacheStats: () => this.cache.allStats(),
        pools: () => this.lifecycle.pools.map((pool) => pool.health()),
      });
    }
    this.builtConnections = new Connections({
      registry,
      identity: {
        info: { name: this.options.name, version: this.options.version ?? "0.0.0", ...(this.options.title !== undefined && { title: this.options.title }) },
        instructions: this.options.instructions,
      },
      inputStateKey: requestStateKey(this.cluster ? { ...this.options.requestState, secret: await this.cluster.requestStateSecret(this.options.requestState?.secret) } : this.options.requestState),
      // Lists filtered per caller must not be reused for another caller.
      listCacheHint: { ttlMs: this.listTtlMs, cacheScope: this.auth?.hidesForbidden ? "private" : "public" },
      observe: this.telemetry?.observeRequest,
      visible: this.auth?.visibleLists(registry),
      fastLane: this.options.fastLane,
    });
    // Runtime additions/removals and resource updates reach every connected client.
    registry.subscribe((event) => void this.builtConnections!.notify(event));
    this.cluster?.relay((listener) => registry.subscribe(listener), (event) => void this.builtConnections!.notify(event));
    this.builtRegistry = registry;
    this.state = "started";
  }

  private entryBuildOptions(): EntryBuildOptions {
    return {
      schemaSources: [withGeneratedOutput(explicitSchemaSource), ...(this.options.schemaSources ?? []), generatedSchemaSource, this.reflection.source],
      envelope: this.envelope,
    };
  }

  private get connections(): Connections {
    if (!this.builtConnections) throw new ApplicationStateError("Connections are served after start(); call `await app.start()` first.");
    return this.builtConnections;
  }

  /**
   * Serves a service's tools, resources and prompts from now on (the container builds it and its
   * `onStartup` runs first); connected clients get `list_changed` notifications.
   * @example
   * await app.addService(AdminTools); // later: app.removeService(AdminTools)
   */
  async addService(service: Constructor): Promise<void> {
    await this.start();
    if (this.registry.has(service)) throw new ApplicationStateError(`${service.name} is already served by "${this.options.name}". Fix: removeService() it before adding it again.`);
    if (!this.container.isRegistered(service)) this.registerService(service);
    await loadGeneratedSchemas([service]);
    await supplyConstructorTypes([service], [service, ...this.injectableClasses()]);
    const instance = this.instantiate(service);
    const entries = buildServiceEntries(service, instance, this.entryBuildOptions());
    this.reflection.flush();
    this.registry.checkAdd(entries);
    await this.lifecycle.startInstance(instance);
    this.registry.add(service, entries);
  }

  /** Stops serving a service's tools, resources and prompts; false when it was not served. */
  removeService(service: Constructor): boolean {
    return this.registry.remove(service);
  }

  /** Sends `notifications/resources/updated` to every client subscribed to `uri`. */
  notifyResourceUpdated(uri: string): void {
    this.registry.resourceUpdated(uri);
  }

  /**
   * Serves one already-open transport (in memory, or any transport of the protocol layer): both
   * protocol eras, decided by the client's opening message. Returns the served connection.
   */
  async connect(transport: Transport, options: ConnectOptions = {}): Promise<ServedConnection> {
    await this.start();
    // The fast lane opens a connection while the SDK loads; without it the SDK serves from the first message.
    if (!this.connections.lane) await loadProtocolRuntime();
    const connection = serveConnection(this.connections, transport, (error) => this.warn(`${this.options.name}: ${error.message}`), options.authInfo);
    this.served.add(connection);
    return connection;
  }

  /**
   * Serves over stdin/stdout, both protocol eras, and closes the application when stdin ends. Calls
   * in flight when stdin ends are still answered: shutdown lets them finish before the transport closes.
   * While it serves, `console.log`, `console.info` and the console's other stdout methods print to
   * stderr (stdout carries only the protocol), and a ready line goes to the logger once it serves.
   */
  async listenStdio(): Promise<void> {
    const transport = new StdioTransport(process.stdin, process.stdout, { warn: (message) => this.logger.warn(`${this.options.name}: stdio: ${message}`) });
    const restoreConsole = routeConsoleToStderr();
    try {
      await this.connect(transport, { authInfo: this.auth?.localAuthInfo });
    } catch (error) {
      restoreConsole();
      throw error;
    }
    void transport.inputEnded.then(() => this.close()).finally(restoreConsole);
    this.logger.info(`${this.options.name}: MCP over stdio, ready`);
  }

  /** Serves over Streamable HTTP, both protocol eras on one endpoint, on 127.0.0.1 by default. */
  async listenHttp(options: HttpTransportOptions = {}): Promise<HttpListener> {
    await this.start();
    // Loaded on demand: the HTTP stack costs stdio servers ~20 ms of cold start for nothing.
    await loadProtocolRuntime();
    const { listenHttp } = await import("../protocol/transports/http-transport.js");
    const listener = await listenHttp(this.connections, options, () => this.health(), await this.httpAuth());
    this.listeners.add(listener);
    return listener;
  }

  /** The HTTP token gate of `auth` (its verifier started: the issuer's keys fetched), or undefined without `auth`. */
  private async httpAuth() {
    if (!this.auth) {
      const scoped = scopesOfRegistry(this.registry);
      // Fail closed: scopes declared in code are never silently unchecked on the network.
      if (scoped.length > 0 && this.options.auth !== false) {
        throw new ApplicationConfigurationError("auth", `handlers require scopes (${scoped.join(" ")}) but the application has no \`auth\` option, so HTTP callers could not be checked`, "set auth (or AUTH_ISSUER for authFromEnvironment), or auth: false to serve them over HTTP unchecked");
      }
      if (scoped.length > 0) this.warn(`${this.options.name}: auth is off (auth: false): HTTP callers are not checked for the scopes ${scoped.join(" ")}.`);
      return undefined;
    }
    const auth = this.auth;
    const verifier = await auth.startHttp();
    const { createHttpAuth } = await import("../protocol/auth/http-auth.js");
    return (endpoint: URL) => createHttpAuth(auth.httpSettings(verifier, this.registry, endpoint), endpoint);
  }

  /**
   * Graceful shutdown: stops accepting, lets calls in flight finish (up to `drainTimeoutMs`),
   * closes connections, runs `onShutdown` hooks in reverse start order, disposes the container,
   * then closes the pools in reverse order. Every caller gets the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.state = "closing";
    await this.starting?.catch(() => undefined);
    this.state = "closing";
    // Requests that arrived while the SDK loaded enter their calls before shutdown stops accepting them.
    const waiting = [...this.served].flatMap((connection) => connection.settled() ?? []);
    if (waiting.length > 0) await settledWithin(waiting, this.options.drainTimeoutMs ?? 10_000);
    try {
      await this.lifecycle.stop({
        stopAccepting: () => {
          for (const listener of this.listeners) listener.stopAccepting?.();
        },
        closeConnections: async () => {
          await Promise.allSettled([...this.listeners].map((l) => l.close()));
          await Promise.allSettled([...this.served].map((c) => c.close()));
          await Promise.allSettled((this.builtConnections?.servers ?? []).map((s) => s.close()));
        },
        disposeContainer: async () => {
          await this.container.dispose();
          await this.behaviours.cache.close();
          await this.cluster?.close();
        },
      });
    } finally {
      this.telemetry?.stop();
      this.state = "closed";
    }
  }

  /** State, calls in flight and every pool's figures; cheap enough to poll. */
  health(): HealthReport {
    return this.lifecycle.health(this.state, this.builtConnections?.count ?? 0);
  }

  /** Start-up and transport warnings: the `onWarning` option, else the logger (never stdout, the stdio protocol channel). */
  private warn(message: string): void {
    if (this.options.onWarning) this.options.onWarning(message);
    else this.logger.warn(message);
  }

  /** The classes a constructor parameter recorded by name may be (for runners without decorator metadata). */
  private injectableClasses(): Function[] {
    return [...this.options.services, ...metadataStore.services(), ...this.lifecycle.pools.map((pool) => pool.constructor), CacheManager];
  }

  /** A subclass's own `@Tool`/`@Resource`/`@Prompt` methods are served too, on this very instance. */
  private ownHandlers(): Constructor[] {
    const own = this.constructor as Constructor;
    return own !== McpApplication && (metadataStore.get(own)?.handlers.length ?? 0) > 0 ? [own] : [];
  }

  private registerService(service: Constructor): void {
    this.behaviours.watch(service);
    // A provider for the class wins (a test double for a repository, say): tsyringe uses the last registration.
    if (this.options.providers?.some((provider) => provider.provide === service)) return;
    const scope = metadataStore.get(service)?.service?.scope ?? "singleton";
    if (scope === "singleton") this.container.registerSingleton(service);
    else this.container.register(service, { useClass: service });
  }

  private instantiate(service: Constructor): object {
    try {
      return this.container.resolve(service);
    } catch (cause) {
      throw new ServiceResolutionError(service.name, cause);
    }
  }
}

function invalidListTtl(value: unknown): never {
  throw new ApplicationConfigurationError("listTtl", `${JSON.stringify(value)} is not a duration`, 'use milliseconds or a string such as "30s" or "5m"');
}

/** Waits until every connection's waiting requests are answered or have begun (`ServedConnection.settled`), or for `timeoutMs`. */
async function settledWithin(waiting: Promise<void>[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.allSettled(waiting), timedOut]);
  clearTimeout(timer);
}
