import { loadedOpenTelemetryApi } from "./observed-call.js";

/**
 * A log line with the trace and span ids of the current span appended, so the line can be found
 * from the trace and the trace from the line; the line unchanged when no span is active.
 */
export function withTraceIds(line: string): string {
  const api = loadedOpenTelemetryApi();
  const span = api?.trace.getActiveSpan()?.spanContext();
  if (!span || !api!.isSpanContextValid(span)) return line;
  return `${line} trace_id=${span.traceId} span_id=${span.spanId}`;
}
