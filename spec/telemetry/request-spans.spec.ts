import { expect } from "chai";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Complete, McpApplication, Prompt, Resource, Service, Timeout, Tool, currentSignal } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { recordTelemetry, type RecordedTelemetry } from "./support.js";

/** Settles when a test says so. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let started = deferred();

@Service()
class Shop {
  /** Echoes a word. */
  @Tool()
  async echo(word: string) {
    return word;
  }

  @Tool()
  async fail() {
    throw new TypeError("the shelf is empty");
  }

  @Tool()
  @Timeout(20)
  async stuck() {
    const signal = currentSignal()!;
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    return "too late";
  }

  /** Waits until the client cancels it. */
  @Tool()
  async wait() {
    const signal = currentSignal()!;
    const aborted = new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    started.resolve();
    await aborted;
    return "cancelled";
  }

  @Tool()
  async crash() {
    throw new RangeError("unexpected");
  }

  @Resource({ uri: "shop://hours" })
  async hours() {
    return "9-17";
  }

  @Prompt()
  @Complete("topic", () => ["prices", "hours"])
  async ask(topic: string) {
    return `Tell me about ${topic}`;
  }
}

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN_ID = "00f067aa0ba902b7";

describe("telemetry: request spans", () => {
  let telemetry: RecordedTelemetry;
  beforeEach(() => (telemetry = recordTelemetry()));
  afterEach(() => telemetry.shutdown());

  for (const era of ["legacy", "modern"] as const) {
    describe(`(${era} era)`, () => {
      it("names a tool call's SERVER span `tools/call {tool}` and gives it the MCP attributes", async () => {
        const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options }, { era });
        await client.callTool({ name: "echo", arguments: { word: "hi" } });
        await close();
        const span = telemetry.span("tools/call echo");
        expect(span.kind).to.equal(SpanKind.SERVER);
        expect(span.attributes).to.include({ "mcp.method.name": "tools/call", "gen_ai.tool.name": "echo", "gen_ai.operation.name": "execute_tool" });
        expect(span.attributes["jsonrpc.request.id"]).to.be.a("string");
        expect(span.attributes["mcp.protocol.version"]).to.match(era === "modern" ? /^2026-07-28$/ : /^2025-/);
        expect(span.status.code).to.equal(SpanStatusCode.UNSET);
        expect(span.attributes).not.to.have.property("error.type");
      });

      it("spans list calls, resource reads, prompt gets and completions", async () => {
        const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options }, { era });
        await client.listTools();
        await client.listResources();
        await client.listPrompts();
        await client.readResource({ uri: "shop://hours" });
        await client.getPrompt({ name: "ask", arguments: { topic: "prices" } });
        await client.complete({ ref: { type: "ref/prompt", name: "ask" }, argument: { name: "topic", value: "p" } });
        await close();
        for (const name of ["tools/list", "resources/list", "prompts/list", "completion/complete"]) expect(telemetry.span(name).attributes["mcp.method.name"]).to.equal(name);
        expect(telemetry.span("resources/read").attributes).to.include({ "mcp.method.name": "resources/read", "mcp.resource.uri": "shop://hours" });
        expect(telemetry.span("prompts/get ask").attributes).to.include({ "mcp.method.name": "prompts/get", "gen_ai.prompt.name": "ask" });
      });

      it("continues the client's trace from params._meta", async () => {
        const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options }, { era });
        await client.callTool({ name: "echo", arguments: { word: "hi" }, _meta: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01`, tracestate: "shop=1" } });
        await close();
        const span = telemetry.span("tools/call echo");
        expect(span.spanContext().traceId).to.equal(TRACE_ID);
        expect(span.parentSpanContext).to.include({ traceId: TRACE_ID, spanId: CLIENT_SPAN_ID, isRemote: true });
        expect(span.spanContext().traceState?.get("shop")).to.equal("1");
      });

      it("starts a new trace when the client sends none", async () => {
        const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options }, { era });
        await client.callTool({ name: "echo", arguments: { word: "hi" } });
        await close();
        expect(telemetry.span("tools/call echo").parentSpanContext).to.equal(undefined);
      });

      it("records a tool's error result as tool_error, with the exception as an event", async () => {
        const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options, onCallError: () => undefined }, { era });
        const result = await client.callTool({ name: "fail", arguments: {} });
        await close();
        expect(result.isError).to.equal(true);
        const span = telemetry.span("tools/call fail");
        expect(span.attributes["error.type"]).to.equal("tool_error");
        expect(span.attributes).not.to.have.property("rpc.response.status_code");
        expect(span.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: "the shelf is empty" });
        const exception = span.events.find((e) => e.name === "exception");
        expect(exception?.attributes).to.include({ "exception.type": "TypeError", "exception.message": "the shelf is empty" });
      });

      it("records a protocol error with its JSON-RPC code", async () => {
        const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options }, { era });
        const unknownTool = await client.callTool({ name: "nope", arguments: {} }).catch((error: Error) => error);
        const unknownResource = await client.readResource({ uri: "shop://nothing" }).catch((error: Error) => error);
        await close();
        expect(unknownTool).to.be.instanceOf(Error);
        expect(unknownResource).to.be.instanceOf(Error);
        expect(telemetry.span("tools/call nope").attributes).to.include({ "error.type": "-32602", "rpc.response.status_code": "-32602" });
        expect(telemetry.span("tools/call nope").status.code).to.equal(SpanStatusCode.ERROR);
        expect(telemetry.span("resources/read").attributes).to.include({ "error.type": "-32602", "rpc.response.status_code": "-32602", "mcp.resource.uri": "shop://nothing" });
      });

      it("marks a call's time running out as an event on its span", async () => {
        const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options }, { era });
        const result = await client.callTool({ name: "stuck", arguments: {} });
        await close();
        expect(result.isError).to.equal(true);
        const span = telemetry.span("tools/call stuck");
        const timeout = span.events.find((e) => e.name === "mcpkit.timeout");
        expect(timeout?.attributes).to.deep.equal({ "mcpkit.timeout.method": "Shop.stuck", "mcpkit.timeout.limit_ms": 20 });
        expect(span.events.find((e) => e.name === "exception")?.attributes?.["exception.type"]).to.equal("ToolTimeoutError");
        expect(span.attributes["error.type"]).to.equal("tool_error");
      });
    });
  }

  it("marks a client's cancellation as an event on the call's span", async () => {
    started = deferred();
    const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options });
    const controller = new AbortController();
    const call = client.callTool({ name: "wait", arguments: {} }, { signal: controller.signal }).catch((error: Error) => error);
    await started.promise;
    controller.abort("changed my mind");
    expect(await call).to.be.instanceOf(Error);
    const span = await telemetry.ended("tools/call wait");
    await close();
    expect(span.events.map((e) => e.name)).to.include("mcpkit.cancelled");
  });

  it("appends the trace and span ids to mcpkit's own log lines", async () => {
    const lines: string[] = [];
    const { client, close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options, logger: { info() {}, warn() {}, error: (line) => void lines.push(line) } });
    await client.callTool({ name: "crash", arguments: {} });
    await close();
    const span = telemetry.span("tools/call crash").spanContext();
    const failure = lines.find((line) => line.includes("failed: unexpected"));
    expect(failure).to.match(new RegExp(` trace_id=${span.traceId} span_id=${span.spanId}$`));
  });

  it("over Streamable HTTP, says tcp and http, and names the 2025 session", async () => {
    const app = new McpApplication({ name: "t", services: [Shop], telemetry: telemetry.options });
    const listener = await app.listenHttp({ port: 0 });
    const client = new Client({ name: "spec", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL(listener.url));
    await client.connect(transport);
    await client.callTool({ name: "echo", arguments: { word: "hi" } });
    await client.close();
    await app.close();
    expect(telemetry.span("tools/call echo").attributes).to.include({ "network.transport": "tcp", "network.protocol.name": "http", "mcp.session.id": transport.sessionId });
  });

  it("spans the 2025 handshake too", async () => {
    const { close } = await createTestClient({ name: "t", services: [Shop], telemetry: telemetry.options });
    await close();
    expect(telemetry.span("initialize").attributes["mcp.method.name"]).to.equal("initialize");
  });

  it("reports nothing when telemetry is false", async () => {
    const app = new McpApplication({ name: "t", services: [Shop], telemetry: false });
    const { client, close } = await createTestClient(app);
    await client.callTool({ name: "echo", arguments: { word: "hi" } });
    await close();
    expect(telemetry.spans()).to.deep.equal([]);
  });
});
