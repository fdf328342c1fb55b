import { INVALID_TRACEID, SpanKind, context, isSpanContextValid, propagation, trace, type Attributes, type Link, type Tracer } from "@opentelemetry/api";
import type { CallTelemetry } from "./observed-call.js";
import type { ObservedRequest, RequestObserver } from "./observed-request.js";
import type { McpMetrics } from "./metrics.js";
import { ATTR, EVENT, MCPKIT_ATTR, VALUE } from "./semantic-conventions.js";
import { markFailed } from "./span-reporter.js";

/** What a request ended with, as the conventions classify it. */
interface Outcome {
  /** `error.type`: the JSON-RPC error code, or "tool_error" for an `isError` tool result. */
  errorType?: string;
  /** `rpc.response.status_code`: the JSON-RPC error code. */
  statusCode?: string;
  message?: string;
  inputRequired?: boolean;
}

/**
 * A SERVER span per request, per the MCP semantic conventions: named `{mcp.method.name} {target}`,
 * the child of the client's span when `params._meta` carries a trace context (linking the ambient
 * span, e.g. an HTTP server span), else of the ambient span. Protocol errors record their JSON-RPC
 * code; a tool's `isError` result records `tool_error`. Every request also feeds
 * `mcp.server.operation.duration`. While the handler runs, the context carries `calls` so that
 * caches, batches and pools below it report their own spans.
 */
export function createRequestObserver(tracer: Tracer, metrics: McpMetrics, calls: CallTelemetry, callKey: symbol): RequestObserver {
  return <R>(request: ObservedRequest, handle: () => Promise<R>): Promise<R> => {
    const active = context.active();
    let parent = active;
    let links: Link[] | undefined;
    if (request.traceContext) {
      parent = propagation.extract(active, request.traceContext);
      const ambient = trace.getSpanContext(active);
      if (ambient && isSpanContextValid(ambient) && trace.getSpanContext(parent) !== ambient) links = [{ context: ambient }];
    }
    // Samplers see the name and the method; the other attributes are built only for a span that records.
    const span = tracer.startSpan(spanNameOf(request), { kind: SpanKind.SERVER, attributes: { [ATTR.mcpMethodName]: request.method }, links }, parent);
    const recording = span.isRecording();
    // The API with no SDK behind it: nothing would be recorded or propagated, so the request runs as it is.
    if (!recording && !metrics.enabled && span.spanContext().traceId === INVALID_TRACEID) return handle();
    if (recording) span.setAttributes(spanAttributesOf(request));
    const started = performance.now();
    const finish = (outcome: Outcome) => {
      if (recording) {
        // Checked at the end rather than listened for: a listener per request costs more than it tells.
        if (request.signal.aborted) span.addEvent(EVENT.cancelled);
        if (outcome.statusCode !== undefined) span.setAttribute(ATTR.rpcResponseStatusCode, outcome.statusCode);
        if (outcome.inputRequired) span.setAttribute(MCPKIT_ATTR.inputRequired, true);
        if (outcome.errorType !== undefined) markFailed(span, outcome.errorType, outcome.message);
      }
      span.end();
      if (metrics.enabled) metrics.operationDuration.record((performance.now() - started) / 1000, metricAttributesOf(request, outcome));
    };
    let pending: Promise<R>;
    try {
      pending = context.with(trace.setSpan(parent, span).setValue(callKey, calls), handle);
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (result) => {
        finish(outcomeOf(request.method, result));
        return result;
      },
      (error: unknown) => {
        finish(failureOf(error));
        throw error;
      },
    );
  };
}

/** `tools/call get_user`, `prompts/get summary`; the method alone otherwise (a resource URI is not a low-cardinality name). */
function spanNameOf(request: ObservedRequest): string {
  return request.name !== undefined && (request.method === VALUE.toolsCall || request.method === VALUE.promptsGet) ? `${request.method} ${request.name}` : request.method;
}

function spanAttributesOf(request: ObservedRequest): Attributes {
  const attributes: Attributes = { [ATTR.mcpMethodName]: request.method, [ATTR.jsonRpcRequestId]: String(request.requestId) };
  addTarget(attributes, request);
  if (request.uri !== undefined) attributes[ATTR.mcpResourceUri] = request.uri;
  if (request.sessionId !== undefined) attributes[ATTR.mcpSessionId] = request.sessionId;
  return attributes;
}

/** The low-cardinality attributes a request shares with its duration metric. */
function addTarget(attributes: Attributes, request: ObservedRequest): void {
  if (request.method === VALUE.toolsCall && request.name !== undefined) {
    attributes[ATTR.genAiToolName] = request.name;
    attributes[ATTR.genAiOperationName] = VALUE.executeTool;
  } else if (request.method === VALUE.promptsGet && request.name !== undefined) {
    attributes[ATTR.genAiPromptName] = request.name;
  }
  if (request.protocolVersion !== undefined) attributes[ATTR.mcpProtocolVersion] = request.protocolVersion;
  if (request.http) {
    attributes[ATTR.networkTransport] = "tcp";
    attributes[ATTR.networkProtocolName] = "http";
  }
}

function metricAttributesOf(request: ObservedRequest, outcome: Outcome): Attributes {
  const attributes: Attributes = { [ATTR.mcpMethodName]: request.method };
  addTarget(attributes, request);
  if (outcome.errorType !== undefined) attributes[ATTR.errorType] = outcome.errorType;
  if (outcome.statusCode !== undefined) attributes[ATTR.rpcResponseStatusCode] = outcome.statusCode;
  return attributes;
}

/** A result that is an answer: a tool's `isError` result is a tool error, an input-required result is neither. */
function outcomeOf(method: string, result: unknown): Outcome {
  if (typeof result !== "object" || result === null) return {};
  const fields = result as { isError?: unknown; resultType?: unknown; content?: unknown };
  if (fields.resultType === "input_required") return { inputRequired: true };
  if (method === VALUE.toolsCall && fields.isError === true) return { errorType: VALUE.toolError, message: firstText(fields.content) };
  return {};
}

/** A thrown error becomes a JSON-RPC error with its code (the SDK answers -32603 for errors without one). */
function failureOf(error: unknown): Outcome {
  const code = (error as { code?: unknown } | null)?.code;
  const statusCode = String(typeof code === "number" && Number.isSafeInteger(code) ? code : -32603);
  return { errorType: statusCode, statusCode, message: error instanceof Error ? error.message : String(error) };
}

function firstText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const text = content.find((block): block is { type: "text"; text: string } => block?.type === "text" && typeof block.text === "string");
  return text?.text;
}
