import type { Agent, Dispatcher } from "undici";
import { clientLibraries } from "./client-libraries.js";
import type { InjectionToken } from "tsyringe";
import { currentSignal } from "../context/call-context.js";
import { HttpStatusError } from "../errors/http-status-error.js";
import { PoolClosedError } from "../errors/pool-closed-error.js";
import { PoolConfigurationError } from "../errors/pool-configuration-error.js";
import { PoolExhaustedError } from "../errors/pool-exhausted-error.js";
import { PoolOperationAbortedError } from "../errors/pool-operation-aborted-error.js";
import { PoolUnavailableError } from "../errors/pool-unavailable-error.js";
import { abortScope } from "./abort-scope.js";
import type { ManagedPool, PoolBinding, PoolHealth } from "./managed-pool.js";
import { PoolCounters } from "./pool-counters.js";
import { observeHttpRequest } from "./pool-telemetry.js";

/** Options of an HTTP client pool; every one is optional. */
export interface HttpPoolOptions {
  /** Names the pool in messages and health; default "http". */
  name?: string;
  /** An extra injection token, for a second upstream: `@inject("payments") http: HttpPool`. */
  token?: InjectionToken;
  /** Relative request paths resolve against it, e.g. "http://127.0.0.1:8080/api/". */
  baseUrl?: string;
  /** Keep-alive connections per origin at most; default 16. */
  connections?: number;
  /** Requests per origin that may wait for a connection; the next one fails at once. Default 256. */
  maxQueued?: number;
  /**
   * Default per-request timeout (connect + response + body); default 10 000 ms. A request past it
   * is aborted on the wire and fails with PoolOperationAbortedError naming this option.
   */
  timeoutMs?: number;
  /** How long an idle keep-alive connection stays open; default 4 000 ms. */
  keepAliveTimeoutMs?: number;
  /** Extra undici Agent options. */
  agent?: Agent.Options;
}

/** One request; the ambient call signal applies in any case. */
export interface HttpRequestOptions {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  /** A string or bytes as is; any other value is sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean>;
  /** Overrides the pool's timeout for this request. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A complete response (the body is read within the request's timeout). */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

/**
 * A keep-alive HTTP client (undici Agent) owned by the application: a connection limit per origin,
 * a bounded wait queue, a timeout on every request, and the ambient call signal, so a cancelled
 * or timed-out call aborts its request on the wire.
 * @example
 * const parcel = await this.http.getJson<Parcel>(`/parcels/${id}`, { timeoutMs: 2000 });
 */
export class HttpPool implements ManagedPool {
  readonly kind = "http";
  readonly name: string;
  readonly address: string;
  readonly label: string;
  readonly bindings: readonly PoolBinding[];
  /** The undici Agent, for what this class does not wrap (streaming bodies, upgrades). */
  readonly agent: Agent;
  private readonly baseUrl?: URL;
  private readonly connections: number;
  private readonly maxQueued: number;
  private readonly timeoutMs: number;
  private readonly inFlight = new Map<string, number>();
  private readonly counters = new PoolCounters();
  private closing?: Promise<void>;

  constructor(options: HttpPoolOptions = {}) {
    this.name = options.name ?? "http";
    this.label = `HTTP pool "${this.name}"`;
    if (options.baseUrl !== undefined && !URL.canParse(options.baseUrl)) {
      throw new PoolConfigurationError(this.label, `baseUrl "${options.baseUrl}" is not a URL`, 'pass an absolute URL such as "http://127.0.0.1:8080/"');
    }
    this.baseUrl = options.baseUrl ? new URL(options.baseUrl) : undefined;
    this.address = this.baseUrl?.origin ?? "any origin";
    this.connections = options.connections ?? 16;
    this.maxQueued = options.maxQueued ?? 256;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.agent = new (clientLibraries.undici().Agent)({ connections: this.connections, keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000, ...options.agent });
    const bindings: PoolBinding[] = [{ token: HttpPool, value: this }];
    if (options.token !== undefined) bindings.push({ token: options.token, value: this });
    this.bindings = bindings;
  }

  /** Nothing to open ahead of time: connections are made per origin on first use. */
  async start(): Promise<void> {
    if (this.closing) throw new PoolClosedError(this.label);
    this.counters.status = "up";
  }

  /** Sends a request and reads the whole response, whatever its status. */
  async request(pathOrUrl: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    if (this.closing) throw new PoolClosedError(this.label);
    const url = this.resolve(pathOrUrl, options.query);
    const method = options.method ?? (options.body === undefined ? "GET" : "POST");
    const what = `${method} ${url.href}`;
    const origin = url.origin;
    const running = this.inFlight.get(origin) ?? 0;
    if (running >= this.connections + this.maxQueued) {
      const exhausted = new PoolExhaustedError(this.label, `${this.connections} connections to ${origin} are busy and ${this.maxQueued} requests are already waiting (maxQueued)`);
      this.counters.failed(exhausted, false);
      throw exhausted;
    }
    const scope =
      options.timeoutMs === undefined
        ? abortScope([options.signal, currentSignal()], this.timeoutMs, `it took longer than ${this.timeoutMs} ms, the pool's timeoutMs (change it with the timeoutMs option of ${this.label}, or pass { timeoutMs } for one request)`)
        : abortScope([options.signal, currentSignal()], options.timeoutMs);
    this.inFlight.set(origin, running + 1);
    try {
      const { body, headers } = encodeBody(options.body, options.headers);
      const response = await observeHttpRequest(this, method, url, headers, async (sent) => {
        const answer = await this.agent.request({ origin, path: url.pathname + url.search, method, headers: sent, body, signal: scope.signal });
        return { status: answer.statusCode, headers: answer.headers, bytes: Buffer.from(await answer.body.arrayBuffer()) };
      });
      const bytes = response.bytes;
      this.counters.succeeded();
      return {
        status: response.status,
        headers: response.headers,
        body: bytes,
        text: () => bytes.toString("utf8"),
        json: <T>() => JSON.parse(bytes.toString("utf8")) as T,
      };
    } catch (error) {
      if (scope.signal.aborted) {
        this.counters.wasAborted();
        throw new PoolOperationAbortedError(this.label, what, scope.reason());
      }
      this.counters.failed(error, true);
      throw new PoolUnavailableError(this.label, origin, error);
    } finally {
      scope.dispose();
      const left = (this.inFlight.get(origin) ?? 1) - 1;
      if (left > 0) this.inFlight.set(origin, left);
      else this.inFlight.delete(origin);
    }
  }

  /** GETs JSON (or sends `options.body` with `options.method`); a status outside 200-299 throws HttpStatusError. */
  async getJson<T = unknown>(pathOrUrl: string, options: HttpRequestOptions = {}): Promise<T> {
    const response = await this.request(pathOrUrl, { ...options, headers: { accept: "application/json", ...options.headers } });
    if (response.status < 200 || response.status > 299) {
      throw new HttpStatusError(this.label, options.method ?? "GET", this.resolve(pathOrUrl, options.query).href, response.status, response.text());
    }
    return response.json<T>();
  }

  /** Waits for running requests, then closes every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.counters.status = "closed";
      await this.agent.close();
    })();
    return this.closing;
  }

  health(): PoolHealth {
    const origins = this.agent.stats as Record<string, { connected?: number; free?: number; running?: number; pending?: number }>;
    let open = 0;
    let idle = 0;
    for (const stats of Object.values(origins)) {
      open += stats.connected ?? 0;
      idle += stats.free ?? Math.max(0, (stats.connected ?? 0) - (stats.running ?? 0));
    }
    let busy = 0;
    let waiting = 0;
    for (const running of this.inFlight.values()) {
      busy += Math.min(running, this.connections);
      waiting += Math.max(0, running - this.connections);
    }
    return {
      name: this.name,
      kind: this.kind,
      address: this.address,
      status: this.counters.status,
      connections: { open, busy, idle, limit: this.connections },
      waiting,
      waitingLimit: this.maxQueued,
      operations: this.counters.operations,
      errors: this.counters.errors,
      aborted: this.counters.aborted,
      lastError: this.counters.lastError,
      details: { origins, limits: { timeoutMs: this.timeoutMs } },
    };
  }

  private resolve(pathOrUrl: string, query: HttpRequestOptions["query"]): URL {
    let url: URL;
    try {
      url = this.baseUrl ? new URL(pathOrUrl.replace(/^\//, ""), this.baseUrl.href.endsWith("/") ? this.baseUrl : `${this.baseUrl.href}/`) : new URL(pathOrUrl);
    } catch {
      throw new PoolConfigurationError(this.label, `"${pathOrUrl}" is not an absolute URL and the pool has no baseUrl`, "pass an absolute URL or create the pool with { baseUrl }");
    }
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, String(value));
    return url;
  }
}

function encodeBody(body: unknown, headers: Record<string, string> = {}): { body?: string | Uint8Array; headers: Record<string, string> } {
  if (body === undefined) return { headers };
  if (typeof body === "string" || body instanceof Uint8Array) return { body, headers };
  return { body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } };
}
