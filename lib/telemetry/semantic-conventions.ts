/**
 * Every span name, attribute, event and metric mcpkit reports, in one place. The MCP ones follow the
 * OpenTelemetry semantic conventions for MCP servers; the `mcpkit.*` ones describe what those
 * conventions do not cover (caches, batches, pools). Plain strings: importing this file loads nothing.
 */

/** Attributes of the OpenTelemetry semantic conventions (MCP, GenAI, RPC, DB, HTTP, errors). */
export const ATTR = {
  mcpMethodName: "mcp.method.name",
  mcpProtocolVersion: "mcp.protocol.version",
  mcpSessionId: "mcp.session.id",
  mcpResourceUri: "mcp.resource.uri",
  jsonRpcRequestId: "jsonrpc.request.id",
  genAiToolName: "gen_ai.tool.name",
  genAiPromptName: "gen_ai.prompt.name",
  genAiOperationName: "gen_ai.operation.name",
  rpcResponseStatusCode: "rpc.response.status_code",
  errorType: "error.type",
  networkTransport: "network.transport",
  networkProtocolName: "network.protocol.name",
  dbSystemName: "db.system.name",
  dbOperationName: "db.operation.name",
  dbNamespace: "db.namespace",
  serverAddress: "server.address",
  serverPort: "server.port",
  httpRequestMethod: "http.request.method",
  httpResponseStatusCode: "http.response.status_code",
  urlScheme: "url.scheme",
} as const;

/** mcpkit's own attributes. */
export const MCPKIT_ATTR = {
  /** "Class.method", or the `@Cached({ name })`. */
  cacheName: "mcpkit.cache.name",
  /** hit, stale, miss or coalesced (waited for another caller's run). */
  cacheResult: "mcpkit.cache.result",
  /** Why entries left a cache: "bounds" (the store's limits) or "invalidated" (evicted by code). */
  cacheEvictionReason: "mcpkit.cache.eviction.reason",
  /** "Class.method" of the batch method. */
  batchMethod: "mcpkit.batch.method",
  batchSize: "mcpkit.batch.size",
  /** The keys of one batch call (at most `MAX_RECORDED_KEYS`). */
  batchKeys: "mcpkit.batch.keys",
  poolName: "mcpkit.pool.name",
  poolKind: "mcpkit.pool.kind",
  /** "used" or "idle" connections. */
  poolConnectionState: "mcpkit.pool.connection.state",
  /** A 2026-07-28 call that ended asking the client for input (not an error). */
  inputRequired: "mcpkit.input_required",
  /** "Class.method" whose time limit ran out. */
  timeoutWhere: "mcpkit.timeout.method",
  timeoutLimitMs: "mcpkit.timeout.limit_ms",
  /** The server thread a killed query ran on (`KILL QUERY` names it). */
  queryThreadId: "mcpkit.query.thread_id",
} as const;

/** The first words of mcpkit's span names: `{operation} {target}`, e.g. `cache.lookup UserTools.getUser`. */
export const SPAN = {
  cacheLookup: "cache.lookup",
  /** A caller waiting for another caller's run of the same key (single flight). */
  cacheWait: "cache.wait",
  cacheStore: "cache.store",
  cacheRefresh: "cache.refresh",
  /** One caller waiting for its key's batch. */
  batchWait: "batch.wait",
  /** The batch method called once for many keys. */
  batch: "batch",
  /** Waiting for a pool connection. */
  poolAcquire: "pool.acquire",
} as const;

/** Span events: moments worth seeing on a timeline. */
export const EVENT = {
  timeout: "mcpkit.timeout",
  cancelled: "mcpkit.cancelled",
  queryKilled: "mcpkit.query.killed",
} as const;

/** Values of `error.type` and `mcp.method.name` the conventions name. */
export const VALUE = {
  toolError: "tool_error",
  executeTool: "execute_tool",
  toolsCall: "tools/call",
  promptsGet: "prompts/get",
} as const;

export const METRIC = {
  /** Histogram, seconds: MCP request duration as the server saw it. */
  operationDuration: "mcp.server.operation.duration",
  /** Up-down counter: tool calls, resource reads and prompt gets in flight. */
  activeCalls: "mcpkit.server.active_calls",
  /** Counter: cache lookups by method and result. */
  cacheRequests: "mcpkit.cache.requests",
  /** Counter: entries that left a cache, by method and reason. */
  cacheEvictions: "mcpkit.cache.evictions",
  /** Counter: cache store operations that failed. */
  cacheErrors: "mcpkit.cache.errors",
  /** Histogram: keys per batch call. */
  batchSize: "mcpkit.batch.size",
  /** Up-down counter: open connections of a pool, by state (used, idle). */
  poolConnections: "mcpkit.pool.connections",
  /** Up-down counter: callers waiting for a pool connection. */
  poolPendingRequests: "mcpkit.pool.pending_requests",
  /** Histogram, seconds: how long a caller waited for a pool connection. */
  poolWaitTime: "mcpkit.pool.wait_time",
} as const;

/** Bucket boundaries the MCP conventions recommend for operation durations (seconds). */
export const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** Bucket boundaries of batch sizes (keys). */
export const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** Bucket boundaries of pool waits (seconds): most waits are well under a millisecond. */
export const WAIT_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** A batch span records at most this many keys: enough to recognise a batch, bounded for large ones. */
export const MAX_RECORDED_KEYS = 100;
