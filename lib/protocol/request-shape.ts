/** A JSON-RPC error for a request the server refuses before it reaches the SDK. */
export interface RequestProblem {
  code: number;
  message: string;
}

const INVALID_PARAMS = -32602;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * What each call needs in `params`, checked by hand so the client reads one sentence, not a schema
 * dump. Only methods both eras serve: a method one era removed must stay "method not found" there.
 */
const PARAM_RULES: Record<string, (params: Record<string, unknown>) => string | undefined> = {
  "tools/call": (p) => (typeof p.name !== "string" ? '"name" must be the tool\'s name, a string' : p.arguments !== undefined && !isObject(p.arguments) ? '"arguments" must be an object' : undefined),
  "prompts/get": (p) =>
    typeof p.name !== "string"
      ? '"name" must be the prompt\'s name, a string'
      : p.arguments !== undefined && (!isObject(p.arguments) || Object.values(p.arguments).some((v) => typeof v !== "string"))
        ? '"arguments" must be an object of strings'
        : undefined,
  "resources/read": (p) => (typeof p.uri !== "string" ? '"uri" must be a string' : undefined),
};

const LOG_LEVELS = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

/** Checks of methods only 2025 sessions serve (2026-07-28 answers them "method not found"). */
const LEGACY_PARAM_RULES: Record<string, (params: Record<string, unknown>) => string | undefined> = {
  "logging/setLevel": (p) => (typeof p.level !== "string" || !LOG_LEVELS.includes(p.level) ? `"level" must be one of ${LOG_LEVELS.join(", ")}` : undefined),
};

/** The params problem of a 2025 session's request that carries a usable id, for the methods only that era serves. */
export function legacyRequestProblem(body: unknown): { id: string | number; problem: RequestProblem } | undefined {
  const id = usableId(body);
  const method = (body as { method?: unknown } | undefined)?.method;
  if (id === undefined || typeof method !== "string" || !LEGACY_PARAM_RULES[method]) return undefined;
  const params = (body as { params?: unknown }).params;
  const rule = isObject(params) ? LEGACY_PARAM_RULES[method]!(params) : '"params" must be an object';
  return rule === undefined ? undefined : { id, problem: invalidParams(method, rule) };
}

/** A frame's id when a response can name it (a string or an integer), else undefined. */
export function usableId(frame: unknown): string | number | undefined {
  if (!isObject(frame)) return undefined;
  const id = frame.id;
  return typeof id === "string" || (typeof id === "number" && Number.isSafeInteger(id)) ? id : undefined;
}

/** The params problem of a single JSON-RPC request that carries a usable id, if any (for transports that read the body first). */
export function requestProblem(body: unknown): { id: string | number; problem: RequestProblem } | undefined {
  const id = usableId(body);
  if (id === undefined || typeof (body as { method?: unknown }).method !== "string") return undefined;
  const problem = paramsProblem((body as { method: string }).method, (body as { params?: unknown }).params);
  return problem && { id, problem };
}

/**
 * Why a JSON-RPC request's MCP params are unusable (-32602 with a readable message), or undefined.
 * Covers the shapes every request shares (`params`, `_meta`, the progress token) and the names and
 * arguments of the calls that carry them.
 */
export function paramsProblem(method: string, params: unknown): RequestProblem | undefined {
  // Every stdio request passes here: no closure made per call.
  if (params === undefined) return PARAM_RULES[method] ? invalidParams(method, '"params" are required') : undefined;
  if (!isObject(params)) return invalidParams(method, '"params" must be an object');
  const meta = params._meta;
  if (meta !== undefined && !isObject(meta)) return invalidParams(method, '"_meta" must be an object');
  const token = meta?.progressToken;
  if (token !== undefined && typeof token !== "string" && !(typeof token === "number" && Number.isSafeInteger(token))) {
    return invalidParams(method, '"_meta.progressToken" must be a string or an integer');
  }
  const rule = PARAM_RULES[method]?.(params);
  return rule === undefined ? undefined : invalidParams(method, rule);
}

function invalidParams(method: string, text: string): RequestProblem {
  return { code: INVALID_PARAMS, message: `Invalid params of ${method}: ${text}` };
}
