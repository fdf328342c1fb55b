// First: installs the Reflect metadata API that decorator metadata and tsyringe need.
import { tsyringe } from "./runtime/commonjs.js";

export { Service } from "./decorators/service.js";
export { Tool, type ToolOptions } from "./decorators/tool.js";
export { Resource, type ResourceOptions } from "./decorators/resource.js";
export { Prompt, type PromptOptions } from "./decorators/prompt.js";

export { McpApplication, type McpApplicationOptions, type ConnectOptions } from "./server/mcp-application.js";
export { runApplication, parseCommandLine, type CommandLine, type RunOptions } from "./server/run-application.js";
export { stderrLogger, type Logger } from "./server/logger.js";
export { ToolResult, Content, type BinaryData } from "./server/tool-result.js";
export type { Provider } from "./server/providers.js";
export type { OnStartup, OnShutdown } from "./server/lifecycle-hooks.js";
export type { Registry, ToolEntry, ResourceEntry, ResourceTemplateEntry, PromptEntry, ArgumentCompleter, RegistryEvent, ListName, ServiceEntries, CacheHint } from "./server/registry.js";
export { LiveRegistry } from "./server/registry.js";
export type { HttpListener, HttpTransportOptions } from "./protocol/transports/http-transport.js";
export type { ServedConnection } from "./protocol/transports/stdio.js";
export { StdioTransport, type StdioTransportOptions } from "./protocol/transports/stdio-transport.js";
export type { RequestStateOptions } from "./protocol/request-state.js";
export type {
  ProtocolEra,
  AuthInfo,
  CallToolResult,
  ContentBlock,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitResult,
  GetPromptResult,
  LoggingLevel,
  PromptMessage,
  ReadResourceResult,
  Root,
  Tool as ToolDefinition,
  ToolAnnotations,
} from "./protocol/wire-types.js";
export type { Transport } from "./protocol/transport.js";

export { currentCall, currentSignal, type CallContext, type IncomingCall, type TraceContext } from "./context/call-context.js";
export type { TelemetryOptions } from "./telemetry/telemetry-options.js";
export { ATTR as TELEMETRY_ATTRIBUTES, MCPKIT_ATTR as MCPKIT_TELEMETRY_ATTRIBUTES, SPAN as TELEMETRY_SPANS, EVENT as TELEMETRY_EVENTS, METRIC as TELEMETRY_METRICS } from "./telemetry/semantic-conventions.js";
export type { Principal } from "./context/principal.js";
export type { ClientChannel, ClientInput, ClientInputOptions } from "./context/client-channel.js";
export { InputNeededSignal } from "./context/input-round.js";

// The whole MCP surface from inside a call: progress, logging, sampling, elicitation, completions, streaming.
export {
  reportProgress,
  progressRequested,
  log,
  sample,
  elicit,
  listRoots,
  clientSupports,
  resourceUpdated,
  closeCallStream,
  type ClientRequestOptions,
  type ElicitForm,
} from "./context/call-helpers.js";
export { Complete, type Completer, type CompletionValues } from "./decorators/complete.js";
export { DEFAULT_STREAM_LIMIT } from "./pipeline/collect-stream.js";
export { MemoryEventStore } from "./protocol/transports/memory-event-store.js";
export { NoCallContextError } from "./errors/no-call-context-error.js";
export { ClientCapabilityError } from "./errors/client-capability-error.js";
export { ClientRequestError } from "./errors/client-request-error.js";
export { compose, type Middleware, type Next } from "./pipeline/compose.js";
export type { Interceptor, Invocation, HandlerDescriptor, ToolInvocation, ToolDescriptor } from "./pipeline/invocation.js";

export type { SchemaSource, SchemaRequest, ResolvedSchema, ArgumentBinding } from "./schema/schema-source.js";
export { compileArgumentValidator, type ArgumentValidator } from "./schema/argument-validator.js";
export { parseParameters, type ParsedParameter } from "./schema/parameter-names.js";

// Schemas generated from TypeScript signatures and JSDoc by `mcpkit schema`, found at start-up.
export { registerGeneratedSchemas, type GeneratedHandlerSchema, type GeneratedSchemaModule } from "./schema/generated-schemas.js";
export { loadedSchemasOf } from "./schema/generated-module-loader.js";
export { generatedSchemaSource, generatedSchemaFor, generatedPromptDefinition } from "./schema/generated-schema-source.js";
export { StaleSchemaError } from "./errors/stale-schema-error.js";
export { SchemaGenerationError } from "./errors/schema-generation-error.js";

// Authorization: an OAuth 2.1 resource server, scopes per handler.
export { RequireScopes } from "./decorators/require-scopes.js";
export type { AuthOptions, LocalPrincipal } from "./auth/auth-options.js";
export { authFromEnvironment } from "./auth/auth-from-environment.js";
export type { TokenVerifier, VerifiedToken } from "./auth/token-verifier.js";
export { JwtVerifier, type JwtVerifierOptions } from "./auth/jwt-verifier.js";
export { IntrospectionVerifier, type IntrospectionVerifierOptions } from "./auth/introspection-verifier.js";
export { ApiKeyVerifier, type ApiKeyPrincipal } from "./auth/api-key-verifier.js";
export { InsufficientScopeError } from "./errors/insufficient-scope-error.js";
export { InvalidTokenError } from "./errors/invalid-token-error.js";
export { AuthUnavailableError } from "./errors/auth-unavailable-error.js";
export { AuthStartupError } from "./errors/auth-startup-error.js";

export { McpKitError } from "./errors/mcpkit-error.js";
export { DecoratorUsageError } from "./errors/decorator-usage-error.js";
export { DuplicateNameError } from "./errors/duplicate-name-error.js";
export { SchemaError } from "./errors/schema-error.js";
export { ServiceResolutionError } from "./errors/service-resolution-error.js";
export { ApplicationStateError } from "./errors/application-state-error.js";
export { ApplicationConfigurationError } from "./errors/application-configuration-error.js";
export { ToolArgumentError } from "./errors/tool-argument-error.js";
export { InvalidParamsError } from "./errors/invalid-params-error.js";
export { ResourceNotFoundError } from "./errors/resource-not-found-error.js";

// Lifecycle-managed pools (MySQL, HTTP, Redis), startup order and graceful shutdown, health.
export { MySqlPool, type MySqlPoolOptions, type QueryOptions, type WriteResult } from "./pools/mysql-pool.js";
export { HttpPool, type HttpPoolOptions, type HttpRequestOptions, type HttpResponse } from "./pools/http-pool.js";
export { RedisConnection, type RedisConnectionOptions } from "./pools/redis-connection.js";
export { rowsInKeyOrder } from "./pools/rows-in-key-order.js";
export { isManagedPool, type ManagedPool, type PoolBinding, type PoolHealth } from "./pools/managed-pool.js";
export type { LifecycleOptions } from "./lifecycle/application-lifecycle.js";
export type { StartupRetryOptions } from "./lifecycle/start-with-retry.js";
export { HealthResource, HEALTH_SOURCE, type HealthSource } from "./health/health-resource.js";
export type { HealthReport } from "./health/health-report.js";
export { PoolConfigurationError } from "./errors/pool-configuration-error.js";
export { PoolStartupError } from "./errors/pool-startup-error.js";
export { PoolExhaustedError } from "./errors/pool-exhausted-error.js";
export { PoolUnavailableError } from "./errors/pool-unavailable-error.js";
export { PoolClosedError } from "./errors/pool-closed-error.js";
export { PoolOperationAbortedError } from "./errors/pool-operation-aborted-error.js";
export { QueryKilledError } from "./errors/query-killed-error.js";
export { HttpStatusError } from "./errors/http-status-error.js";
export { ShuttingDownError } from "./errors/shutting-down-error.js";

// Performance behaviours: caching, time limits, batching, on tools and any container-managed class.
export { Cached, type CachedOptions } from "./decorators/cached.js";
export { Timeout } from "./decorators/timeout.js";
export { RateLimit, ConcurrencyLimit, type RateLimitOptions, type ConcurrencyLimitOptions } from "./decorators/limits.js";
export { Batched, type BatchedOptions } from "./decorators/batched.js";
export { InvalidatesCache, type InvalidatesCacheOptions } from "./decorators/invalidates-cache.js";
export { CacheManager, type CacheOptions } from "./cache/cache-manager.js";
export type { CacheStore, CacheEntry } from "./cache/cache-store.js";
export type { CacheStats } from "./cache/cache-stats.js";
export type { CacheLog } from "./cache/guarded-store.js";
export { LruCacheStore, type LruCacheStoreOptions } from "./cache/lru-cache-store.js";
export { RedisCacheStore, REDIS_FAIL_FAST_OPTIONS, type RedisCacheStoreOptions } from "./cache/redis-cache-store.js";
export type { ClusterOptions } from "./cluster/cluster-options.js";
export { encodeValue, decodeValue } from "./cache/value-codec.js";
export { stableKey, stableArgsKey } from "./cache/stable-key.js";
export { parseDuration, type Duration } from "./cache/duration.js";
export { callerIdentity } from "./behaviours/caller-identity.js";
export { BEHAVIOUR_ORDER } from "./behaviours/install-behaviours.js";
export { ToolTimeoutError } from "./errors/tool-timeout-error.js";
export { LimitExceededError } from "./errors/limit-exceeded-error.js";
export { CacheKeyError } from "./errors/cache-key-error.js";
export { BatchResultError } from "./errors/batch-result-error.js";

export type { Constructor, JsonSchema, SchemaInput } from "./metadata/types.js";
export type { InjectionToken } from "tsyringe";
/** tsyringe's `@inject(token)`: injects a constructor parameter by token. */
export const inject = tsyringe.inject;
/** tsyringe's `@injectable()`; `@Service()` does this and more. */
export const injectable = tsyringe.injectable;
