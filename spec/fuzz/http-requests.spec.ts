import { expect } from "chai";
import { checkServerMessage } from "./support/answers.js";
import { assertPrototypesClean, flagshipToolSchemas, fuzzedFlagship, prototypeSnapshot } from "./support/flagship.js";
import { FUZZ_KNOWN_BUGS, garbage, IdSource, INITIALIZE_PARAMS, malformedFrame, MODERN_META, serialize, usableId, validNotification, validRequest, type Era, type ToolSchemas } from "./support/frames.js";
import { exchange, type HttpAnswer, type HttpExchange } from "./support/http-exchange.js";
import { fuzzIterations, FuzzRun, preview, type Random } from "./support/random.js";

/** HTTP requests per run; MCPKIT_FUZZ_ITERATIONS overrides. */
const REQUESTS = fuzzIterations(300);
/** Small, so bodies over the limit stay cheap to make. */
const MAX_BODY_BYTES = 8192;
const CONCURRENCY = 4;
const ANSWER_WITHIN_MS = 5_000;
const ACCEPT_BOTH = "application/json, text/event-stream";

/**
 * Known bugs (see spec/fuzz/known-bugs.spec.ts): refusals of the 2025 (session) side that answer
 * `"id": null` although the server had read and parsed the body and its id was usable. The first two
 * are mcpkit's own (legacy-sessions.ts); the others come from the SDK's session transport. Tolerated,
 * and counted, unless MCPKIT_FUZZ_KNOWN_BUGS=1.
 */
const KNOWN_ID_NULL_REFUSALS: { status: number; code: number; message: RegExp }[] = [
  { status: 400, code: -32000, message: /^Bad Request: no Mcp-Session-Id header/ },
  { status: 404, code: -32001, message: /^Session not found: / },
  { status: 406, code: -32000, message: /^Not Acceptable: / },
  { status: 415, code: -32000, message: /^Unsupported Media Type: / },
  { status: 400, code: -32000, message: /^Bad Request: Unsupported protocol version/ },
  { status: 400, code: -32600, message: /^Invalid Request: Server already initialized/ },
];

function knownIdNullRefusal(status: number, messages: unknown[]): boolean {
  if (FUZZ_KNOWN_BUGS || messages.length !== 1) return false;
  const { id, error } = messages[0] as { id?: unknown; error?: { code?: unknown; message?: unknown } };
  return id === null && KNOWN_ID_NULL_REFUSALS.some((k) => k.status === status && k.code === error?.code && typeof error?.message === "string" && k.message.test(error.message));
}

/**
 * Known bug (see spec/fuzz/known-bugs.spec.ts): an `initialize` without an id (a notification, alone or
 * in a batch), POSTed without a session, may be answered 202 with no Mcp-Session-Id, yet open a session
 * that no client can reach and that stays until it expires. True for a request that may do so: the fuzz
 * sends it alone and counts the session it opened, unless MCPKIT_FUZZ_KNOWN_BUGS=1.
 */
function mayOpenUnreachableSession({ call, text }: FuzzCase): boolean {
  if (FUZZ_KNOWN_BUGS || call.method !== "POST" || call.headers["mcp-session-id"] !== undefined) return false;
  try {
    const value: unknown = JSON.parse(text ?? "");
    return (Array.isArray(value) ? value : [value]).some((m) => m !== null && typeof m === "object" && (m as { method?: unknown }).method === "initialize" && !("id" in m));
  } catch {
    return false;
  }
}

interface FuzzCase {
  call: HttpExchange;
  /** The body as sent, when it is text. */
  text?: string;
}

/** The sessions the fuzz knows to be open, to send their ids and to count them. */
class Sessions {
  readonly live = new Set<string>();
  pick(random: Random): string | undefined {
    return this.live.size ? random.pick([...this.live]) : undefined;
  }
}

/** A body: a valid or broken frame of either era, an initialize, a batch, text that is not JSON, or one over the limit. */
function randomBody(random: Random, era: Era, tools: ToolSchemas, ids: IdSource): { frame?: Record<string, unknown>; text: string } {
  const framed = (frame: Record<string, unknown>) => ({ frame, text: serialize(random, frame) });
  return random.weighted<() => { frame?: Record<string, unknown>; text: string }>([
    [4, () => framed(validRequest(random, era, tools, ids.fresh(random)))],
    [1, () => framed(validNotification(random, era))],
    [1, () => framed({ jsonrpc: "2.0", id: ids.fresh(random), method: "initialize", params: structuredClone(INITIALIZE_PARAMS) })],
    [5, () => framed(malformedFrame(random, era, tools, ids.fresh(random)) as Record<string, unknown>)],
    [2, () => ({ text: garbage(random, ids.fresh(random)) })],
    [1, () => ({ text: JSON.stringify(Array.from({ length: random.int(0, 3) }, () => validRequest(random, era, tools, ids.fresh(random)))) })],
    [
      1,
      () => {
        const frame = validRequest(random, era, tools, ids.fresh(random));
        (frame.params as Record<string, unknown>).pad = "z".repeat(MAX_BODY_BYTES + random.int(1, 3 * MAX_BODY_BYTES));
        return framed(frame);
      },
    ],
    [1, () => ({ text: random.pick(["", " ", "null", "[]", "{}", "\u0000"]) })],
  ])();
}

/** Headers, mostly right for the era and the body, now and then wrong, missing or garbage. */
function randomHeaders(random: Random, era: Era, frame: Record<string, unknown> | undefined, sessions: Sessions): Record<string, string> {
  const headers: Record<string, string> = {};
  // Only values a client can send: Node refuses control characters and anything past Latin-1.
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && /^[\t\x20-\x7e\x80-\xff]*$/.test(value)) headers[name] = value;
  };
  set("content-type", random.weighted([[16, "application/json"], [1, "application/json; charset=utf-8"], [1, "APPLICATION/JSON"], [1, "text/plain"], [1, "application/x-www-form-urlencoded"], [1, ""], [1, undefined]]));
  set("accept", random.weighted([[14, ACCEPT_BOTH], [2, "application/json"], [2, "text/event-stream"], [1, "*/*"], [1, "text/html"], [1, undefined]]));
  const method = bodyMethodOf(frame);
  const session =
    era === "legacy"
      ? random.weighted<() => string | undefined>([[14, () => sessions.pick(random)], [2, () => undefined], [2, () => "00000000-0000-4000-8000-000000000000"], [2, () => random.pick(["", " ", "../../etc/passwd", "x".repeat(2000), "null", "%00"])]])()
      : random.weighted<() => string | undefined>([[16, () => undefined], [2, () => sessions.pick(random)], [2, () => random.pick(["", "nope"])]])();
  // An initialize opens a session only without one: most go without, so sessions come and go.
  set("mcp-session-id", method === "initialize" && random.chance(0.6) ? undefined : session);
  set(
    "mcp-protocol-version",
    era === "legacy"
      ? random.weighted([[14, "2025-11-25"], [3, undefined], [1, "2025-03-26"], [1, "2026-07-28"], [1, random.pick(["1999-01-01", "garbage", ""])]])
      : random.weighted([[16, "2026-07-28"], [2, undefined], [2, random.pick(["2025-11-25", "2026-07-29", "", "2026-07-28, 2026-07-28"])]]),
  );
  if (era === "modern" || random.chance(0.1)) {
    set("mcp-method", random.weighted([[16, method], [2, undefined], [2, random.pick(["tools/call", "tools/list", "nope", ""])]]));
    const name = (frame?.params as { name?: unknown } | undefined)?.name;
    if (method === "tools/call" || random.chance(0.1)) set("mcp-name", random.weighted([[16, typeof name === "string" ? name : undefined], [2, undefined], [2, random.pick(["get_user", "nope", ""])]]));
  }
  if (random.chance(0.05)) set("origin", random.pick(["http://localhost", "http://127.0.0.1:1", "http://evil.example", "null"]));
  return headers;
}

function randomCase(random: Random, tools: ToolSchemas, ids: IdSource, sessions: Sessions): FuzzCase {
  const era: Era = random.chance(0.5) ? "legacy" : "modern";
  const { frame, text } = randomBody(random, era, tools, ids);
  const method = random.weighted([[85, "POST"], [6, "GET"], [4, "DELETE"], [5, random.pick(["PUT", "PATCH", "OPTIONS", "HEAD"])]]);
  const path = random.chance(0.93) ? "/mcp" : random.pick(["/mcp/", "/mcp?x=1", "/MCP", "/", "/health", "/mcp/../mcp", "/mcp%00"]);
  const headers = randomHeaders(random, era, frame, sessions);
  // Node's HTTP client sends the body of a GET, DELETE, OPTIONS or HEAD unframed (the server reads it as the next request): none for them.
  const body = !["POST", "PUT", "PATCH"].includes(method) || random.chance(0.02) ? undefined : Buffer.from(text, "utf8");
  const chunked = body !== undefined && body.length > 2048 && random.chance(0.5);
  // A known bug (spec/fuzz/known-bugs.spec.ts): after refusing a chunked body over the limit, the server may read nothing more from that keep-alive connection.
  const ownConnection = chunked && body.length > MAX_BODY_BYTES && !FUZZ_KNOWN_BUGS;
  return { call: { method, path, headers, body, chunked, ownConnection }, text: body === undefined ? undefined : text };
}

function bodyMethodOf(frame: Record<string, unknown> | undefined): string | undefined {
  return typeof frame?.method === "string" ? frame.method : undefined;
}

/** The JSON-RPC request in a body: its usable id, when it is a single request (an object with a method and a string or integer id). */
function singleRequestId(text: string | undefined): string | number | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) && typeof (value as { method?: unknown }).method === "string" ? usableId(value) : undefined;
  } catch {
    return undefined;
  }
}

describe("fuzz: random requests over Streamable HTTP", () => {
  it("answers every request with a 2xx or 4xx, never a 5xx, names a request's id in its error, and keeps serving both eras", async function () {
    this.timeout(20_000 + REQUESTS * 100);
    const run = new FuzzRun(this.test!.fullTitle(), REQUESTS);
    const prototypes = prototypeSnapshot();
    const tools = await flagshipToolSchemas();
    const { app, faults } = fuzzedFlagship();
    const listener = await app.listenHttp({ port: 0, maxBodyBytes: MAX_BODY_BYTES });
    const base = new URL(listener.url);
    const sessions = new Sessions();
    const problems: string[] = [];
    /** Sessions the known bug opened, which the fuzz cannot reach (see mayOpenUnreachableSession). */
    let unreachable = 0;

    const post = (headers: Record<string, string>, message: object, id?: string) => exchange(base, { method: "POST", path: "/mcp", headers, body: Buffer.from(JSON.stringify(message)) }, ANSWER_WITHIN_MS, id);
    /** Opens a 2025 session the fuzz knows of; returns the headers of its requests. */
    const initialize = async () => {
      const answer = await post({ "content-type": "application/json", accept: ACCEPT_BOTH }, { jsonrpc: "2.0", id: "init", method: "initialize", params: INITIALIZE_PARAMS }, "init");
      expect(answer.sessionId, `initialize answered ${answer.status} ${preview(answer.messages)}`).to.be.a("string");
      sessions.live.add(answer.sessionId!);
      const headers = { "content-type": "application/json", accept: ACCEPT_BOTH, "mcp-session-id": answer.sessionId!, "mcp-protocol-version": "2025-11-25" };
      expect((await post(headers, { jsonrpc: "2.0", method: "notifications/initialized" })).status).to.equal(202);
      return headers;
    };

    const check = (fuzz: FuzzCase, answer: HttpAnswer) => {
      const { call } = fuzz;
      const where = `${call.method} ${call.path} ${preview(call.headers, 300)} ${preview(fuzz.text, 300)} -> ${answer.status} ${preview(answer.body, 300)}`;
      if (answer.status >= 500) problems.push(`a ${answer.status}: ${where}`);
      if (answer.status < 200 || answer.status >= 500) return;
      if (call.path === "/health" && call.method === "GET") return;
      if (answer.unparsable !== undefined) problems.push(`a body that is not JSON: ${where}`);
      for (const message of answer.messages) {
        const problem = checkServerMessage(message);
        if (problem) problems.push(`${problem}: ${where}`);
      }
      if (answer.status >= 400 && call.method !== "HEAD" && answer.messages.length === 0) problems.push(`a refusal without a JSON-RPC error: ${where}`);
      // A session opened by an initialize, or closed by a DELETE.
      if (answer.status === 200 && answer.sessionId && call.headers["mcp-session-id"] === undefined) sessions.live.add(answer.sessionId);
      if (call.method === "DELETE" && answer.status === 200 && call.headers["mcp-session-id"] !== undefined) sessions.live.delete(call.headers["mcp-session-id"]);

      const id = singleRequestId(fuzz.text);
      // The server read this body (a POST to the endpoint, within the limit, from an allowed origin): an answer to it names its id.
      const read = call.method === "POST" && call.path.split("?")[0] === "/mcp" && call.body !== undefined && call.body.length <= MAX_BODY_BYTES && answer.status !== 403;
      if (id === undefined || !read) return;
      const responses = answer.messages.filter((m) => m !== null && typeof m === "object" && !("method" in m)) as { id: unknown }[];
      if (answer.status >= 400) {
        if (!responses.some((m) => m.id === id) && !knownIdNullRefusal(answer.status, answer.messages)) problems.push(`a refusal that does not name the request's id ${JSON.stringify(id)}: ${where}`);
      } else if (!responses.some((m) => m.id === id)) problems.push(`a ${answer.status} without a response to request ${JSON.stringify(id)}: ${where}`);
    };

    try {
      await run.guard(async () => {
        const { random } = run;
        const ids = new IdSource();
        await initialize();
        for (let index = 0; index < REQUESTS; index += CONCURRENCY) {
          const batch = Array.from({ length: Math.min(CONCURRENCY, REQUESTS - index) }, () => randomCase(random, tools, ids, sessions));
          run.current = `requests ${index}-${index + batch.length - 1}: ${batch.map((c) => `${c.call.method} ${preview(c.text, 200)}`).join(" | ")}`;
          const send = (fuzz: FuzzCase) =>
            exchange(base, fuzz.call, ANSWER_WITHIN_MS, singleRequestId(fuzz.text)).catch((error: unknown) => {
              throw new Error(`${(error as Error).message}: ${fuzz.call.method} ${fuzz.call.path} ${preview(fuzz.call.headers, 400)} ${preview(fuzz.text, 1000)}`);
            });
          const together = batch.filter((fuzz) => !mayOpenUnreachableSession(fuzz));
          const answers = await Promise.all(together.map(send));
          together.forEach((fuzz, i) => check(fuzz, answers[i]!));
          for (const fuzz of batch.filter(mayOpenUnreachableSession)) {
            const before = listener.sessionCount;
            check(fuzz, await send(fuzz));
            const opened = listener.sessionCount - before;
            if (opened !== 0 && opened !== 1) problems.push(`${opened} sessions opened by one initialize without an id: ${preview(fuzz.text)}`);
            unreachable += opened;
          }
        }

        run.current = "after the fuzz requests";
        if (problems.length) throw new Error(`${problems.length} problem(s), the first ones:\n${problems.slice(0, 12).map((p) => `      - ${p}`).join("\n")}`);
        expect(faults, "methods failed with programming errors").to.deep.equal([]);
        assertPrototypesClean(prototypes);
        expect(app.health().connections, "open connections: the sessions that initialize opened and DELETE did not close").to.equal(sessions.live.size + unreachable);
        expect(listener.sessionCount).to.equal(sessions.live.size + unreachable);

        run.current = "normal calls after the fuzz";
        const legacy = await post(await initialize(), { jsonrpc: "2.0", id: "legacy", method: "tools/call", params: { name: "get_user", arguments: { id: 3 } } }, "legacy");
        expect(JSON.stringify(legacy.messages)).to.include('\\"id\\":3');
        const modernHeaders = { "content-type": "application/json", accept: ACCEPT_BOTH, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "get_user" };
        const modern = await post(modernHeaders, { jsonrpc: "2.0", id: "modern", method: "tools/call", params: { name: "get_user", arguments: { id: 4 }, _meta: MODERN_META } }, "modern");
        expect(modern.status).to.equal(200);
        expect(JSON.stringify(modern.messages)).to.include('\\"id\\":4');
        expect(app.health().connections).to.equal(sessions.live.size + unreachable);
      });
    } finally {
      await app.close();
    }
  });
});
