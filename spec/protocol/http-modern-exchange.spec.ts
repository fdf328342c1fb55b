import { expect } from "chai";
import { request, type ClientRequest } from "node:http";
import { currentSignal, McpApplication, reportProgress, Service, Tool, type HttpListener } from "../../lib/index.js";
import { MODERN_META } from "../support/modern-meta.js";

let started: () => void = () => undefined;
let aborted: (seen: { stackTraceLimit: number; stack: string }) => void = () => undefined;

@Service()
class Exchange {
  @Tool() async echo(text: string) {
    return text;
  }

  @Tool() async count(steps: number) {
    for (let i = 1; i <= steps; i++) await reportProgress(i, steps);
    return `counted ${steps}`;
  }

  @Tool() async wait() {
    const signal = currentSignal()!;
    // What a listener sees when the exchange closes: the stack limit as the application left it.
    signal.addEventListener("abort", () => aborted({ stackTraceLimit: Error.stackTraceLimit, stack: new Error("in listener").stack ?? "" }));
    started();
    await new Promise((resolve) => signal.addEventListener("abort", resolve));
    return "aborted";
  }
}

/** A raw 2026-07-28 tools/call; resolves with the answer's status, headers and body. */
function callTool(url: string, name: string, args: Record<string, unknown>, meta: Record<string, unknown> = {}, onRequest?: (req: ClientRequest) => void) {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args, _meta: { ...MODERN_META, ...meta } } });
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": name };
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
    onRequest?.(req);
  });
}

describe("2026-07-28 exchanges over Streamable HTTP", () => {
  let app: McpApplication;
  let listener: HttpListener;
  before(async () => {
    app = new McpApplication({ name: "exchange", services: [Exchange] });
    listener = await app.listenHttp({ port: 0 });
  });
  after(() => app.close());

  it("answers a call with one JSON body of the declared length", async () => {
    const answer = await callTool(listener.url, "echo", { text: "héllo" });
    expect(answer.status).to.equal(200);
    expect(answer.headers["content-type"]).to.match(/^application\/json/);
    expect(Number(answer.headers["content-length"])).to.equal(Buffer.byteLength(answer.body));
    expect(JSON.parse(answer.body)).to.deep.include({ id: 1 });
    expect(JSON.parse(answer.body).result.content).to.deep.equal([{ type: "text", text: "héllo" }]);
  });

  it("streams the progress a call reports before its result", async () => {
    const answer = await callTool(listener.url, "count", { steps: 2 }, { progressToken: "p" });
    expect(answer.headers["content-type"]).to.match(/^text\/event-stream/);
    const messages = answer.body
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)));
    expect(messages.map((m) => m.method ?? "result")).to.deep.equal(["notifications/progress", "notifications/progress", "result"]);
    expect(messages[2].result.content).to.deep.equal([{ type: "text", text: "counted 2" }]);
  });

  it("aborts a call whose client goes away, its listeners seeing errors with stacks", async () => {
    const limit = Error.stackTraceLimit;
    const running = new Promise<void>((resolve) => (started = resolve));
    const seen = new Promise<{ stackTraceLimit: number; stack: string }>((resolve) => (aborted = resolve));
    let client: ClientRequest | undefined;
    const answer = callTool(listener.url, "wait", {}, {}, (req) => (client = req)).catch(() => "gone");
    await running;
    client!.destroy();
    const inListener = await seen;
    expect(await answer).to.equal("gone");
    expect(inListener.stackTraceLimit).to.equal(limit);
    expect(inListener.stack).to.include("\n    at ");
    expect(Error.stackTraceLimit).to.equal(limit);
  });
});
