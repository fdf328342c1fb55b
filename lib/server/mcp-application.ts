import { container as rootContainer, type DependencyContainer, type InjectionToken } from "tsyringe";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ApplicationStateError } from "../errors/application-state-error.js";
import { ServiceResolutionError } from "../errors/service-resolution-error.js";
import { metadataStore } from "../metadata/metadata-store.js";
import type { Constructor } from "../metadata/types.js";
import type { ToolInterceptor } from "../pipeline/invocation.js";
import { explicitSchemaSource } from "../schema/explicit-schema-source.js";
import { reflectionSchemaSource } from "../schema/reflection-schema-source.js";
import type { SchemaSource } from "../schema/schema-source.js";
import { buildRegistry } from "./build-registry.js";
import { createSdkServer } from "./create-sdk-server.js";
import { hasOnShutdown, hasOnStartup } from "./lifecycle-hooks.js";
import { registerProvider, type Provider } from "./providers.js";
import type { Registry } from "./registry.js";
import type { HttpListener, HttpTransportOptions } from "./transports/http-transport.js";

/** Options of an application. Only `name` and `services` are required. */
export interface McpApplicationOptions {
  /** The server name clients see. */
  name: string;
  version?: string;
  title?: string;
  /** Sent to clients at initialization: how to use this server. */
  instructions?: string;
  /** Classes whose decorated methods are served. Their dependencies need not be listed. */
  services: Constructor[];
  /** Values, classes or factories for injection tokens (configuration, pools, clients). */
  providers?: Provider[];
  /** Extra schema sources, asked after an explicit schema and before reflection. */
  schemaSources?: SchemaSource[];
  /** Interceptors run around every tool call, after argument validation. */
  interceptors?: ToolInterceptor[];
}

type State = "new" | "starting" | "started" | "closing" | "closed";

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
  private builtRegistry?: Registry;
  private readonly started: object[] = [];
  private readonly servers = new Set<Server>();
  private readonly listeners = new Set<HttpListener>();

  constructor(readonly options: McpApplicationOptions) {
    this.container = rootContainer.createChildContainer();
    for (const provider of options.providers ?? []) registerProvider(this.container, provider);
    // Every known service is a singleton of this container, so a repository injected into two
    // tool classes is one instance; listed services are registered even without @Service().
    for (const service of new Set([...metadataStore.services(), ...options.services])) this.registerService(service);
  }

  /** What is served; available after `start()`. */
  get registry(): Registry {
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
    const instances = new Map<Constructor, object>();
    for (const service of this.options.services) {
      const instance = this.instantiate(service);
      instances.set(service, instance);
      if (hasOnStartup(instance) && !this.started.includes(instance)) {
        await instance.onStartup();
      }
      this.started.push(instance);
    }
    this.builtRegistry = buildRegistry({
      services: this.options.services,
      instanceOf: (service) => instances.get(service)!,
      schemaSources: [explicitSchemaSource, ...(this.options.schemaSources ?? []), reflectionSchemaSource],
      interceptors: this.options.interceptors ?? [],
    });
    this.state = "started";
  }

  /** Creates an SDK server for one connection; all connections share the registry. */
  createServer(): Server {
    const server = createSdkServer(this.registry, {
      info: { name: this.options.name, version: this.options.version ?? "0.0.0", title: this.options.title },
      instructions: this.options.instructions,
    });
    this.servers.add(server);
    server.onclose = () => void this.servers.delete(server);
    return server;
  }

  /** Serves one already-open transport (in-memory, stdio, or any SDK transport). */
  async connect(transport: Transport): Promise<Server> {
    await this.start();
    const server = this.createServer();
    await server.connect(transport);
    return server;
  }

  /** Serves over stdin/stdout and closes the application when stdin ends. */
  async listenStdio(): Promise<void> {
    await this.connect(new StdioServerTransport());
    process.stdin.once("end", () => void this.close());
  }

  /** Serves over Streamable HTTP, on 127.0.0.1 by default. */
  async listenHttp(options: HttpTransportOptions = {}): Promise<HttpListener> {
    await this.start();
    // Loaded on demand: the HTTP stack costs stdio servers ~20 ms of cold start for nothing.
    const { listenHttp } = await import("./transports/http-transport.js");
    const listener = await listenHttp(() => this.createServer(), options);
    this.listeners.add(listener);
    return listener;
  }

  /** Stops listening, closes every connection, then runs `onShutdown` hooks in reverse start order. */
  async close(): Promise<void> {
    if (this.state === "closed" || this.state === "closing") return;
    await this.starting?.catch(() => undefined);
    this.state = "closing";
    await Promise.allSettled([...this.listeners].map((l) => l.close()));
    await Promise.allSettled([...this.servers].map((s) => s.close()));
    const failures: unknown[] = [];
    for (const instance of [...this.started].reverse()) {
      if (!hasOnShutdown(instance)) continue;
      try {
        await instance.onShutdown();
      } catch (error) {
        failures.push(error);
      }
    }
    await this.container.dispose();
    this.state = "closed";
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} shutdown hook(s) of "${this.options.name}" failed`);
  }

  private registerService(service: Constructor): void {
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
