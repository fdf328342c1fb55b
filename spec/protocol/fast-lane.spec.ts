import { expect } from "chai";
import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import { McpApplication, StdioTransport, type HttpListener } from "../../lib/index.js";
import { FastLane } from "../../lib/protocol/lane/fast-lane.js";
import { MODERN_META } from "../support/modern-meta.js";
import { LaneTools } from "../support/lane-tools.js";

type Frame = Record<string, unknown>;
const INITIALIZE = { jsonrpc: "2.0", id: "init", method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: { elicitation: {} }, clientInfo: { name: "spec", version: "1" } } };

/** Counts the calls and reads the fast lane serves, to tell that a spec exercised it. */
function laneCalls(): { count: number; restore(): void } {
  const { call, read } = FastLane.prototype;
  const counter = {
    count: 0,
    restore: () => Object.assign(FastLane.prototype, { call, read }),
  };
  FastLane.prototype.call = function (this: FastLane, ...args: Parameters<FastLane["call"]>) {
    counter.count++;
    return call.apply(this, args);
  };
  FastLane.prototype.read = function (this: FastLane, ...args: Parameters<FastLane["read"]>) {
    counter.count++;
    return read.apply(this, args);
  };
  return counter;
}

/** An application on in-process stdio streams; a client that answers the server's questions and collects frames. */
async function stdioPeer(fastLane: boolean) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const app = new McpApplication({ name: "lane", version: "1.2.3", services: [LaneTools], fastLane });
  await app.connect(new StdioTransport(stdin, stdout));
  const frames: Frame[] = [];
  const waiting: { id: unknown; resolve: (frames: Frame[]) => void }[] = [];
  createInterface({ input: stdout }).on("line", (line) => {
    const frame = JSON.parse(line) as Frame;
    if (frame.method === "elicitation/create" && frame.id !== undefined) {
      stdin.write(JSON.stringify({ jsonrpc: "2.0", id: frame.id, result: { action: "accept", content: { city: "Rome" } } }) + "\n");
      return;
    }
    frames.push(frame);
    const at = waiting.findIndex((w) => w.id === frame.id && ("result" in frame || "error" in frame));
    if (at >= 0) waiting.splice(at, 1)[0]!.resolve(frames.splice(0));
  });
  const send = (message: unknown) => void stdin.write(JSON.stringify(message) + "\n");
  return {
    send,
    /** Sends a request and resolves with every frame up to and including its answer. */
    exchange: (message: Frame) => {
      const answered = new Promise<Frame[]>((resolve) => waiting.push({ id: message.id, resolve }));
      send(message);
      return answered;
    },
    frames,
    close: () => app.close(),
  };
}

/** The same frame without what differs by design between two servers (the sealed input state). */
function comparable(frames: Frame[]): unknown {
  return JSON.parse(JSON.stringify(frames), (key, value) => (key === "requestState" ? "<sealed>" : value));
}

const CALLS: [string, Record<string, unknown>][] = [
  ["a plain call", { name: "echo", arguments: { text: "hi" } }],
  ["a call whose arguments are missing", { name: "echo" }],
  ["arguments the schema refuses", { name: "echo", arguments: { text: 5 } }],
  ["structured output", { name: "structured", arguments: {} }],
  ["a method that throws", { name: "fails", arguments: {} }],
  ["an invalid-params error", { name: "refuses", arguments: {} }],
  ["a resource-not-found error", { name: "missing", arguments: {} }],
  ["a protocol error with the resource-not-found code", { name: "gone", arguments: {} }],
  ["a built result with a key the SDK drops", { name: "extraKey", arguments: {} }],
  ["a built result with data that is not base64", { name: "badImage", arguments: {} }],
  ["a built result with a block of the wrong type", { name: "badText", arguments: {} }],
  ["an unknown tool", { name: "nope", arguments: {} }],
  ["log messages", { name: "chatty", arguments: {} }],
  ["a question to the client", { name: "asks", arguments: {} }],
  ["a trace context", { name: "echo", arguments: { text: "traced" }, _meta: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } }],
];

const READS: [string, string][] = [
  ["a resource", "config://plain"],
  ["a cached resource (its cache hint)", "config://cached"],
  ["a template", "orders://7"],
  ["a template whose method finds nothing", "orders://404"],
  ["no resource at all", "nowhere://x"],
  ["a URI longer than the SDK's template matcher takes", `orders://${"x".repeat(1_000_001)}`],
];

describe("fast lane: mcpkit's own tools/call path answers exactly as the SDK does", () => {
  for (const era of ["legacy", "modern"] as const) {
    it(`gives the SDK's answers over stdio in the ${era === "legacy" ? "2025" : "2026-07-28"} era, for every kind of call and read`, async () => {
      const counter = laneCalls();
      const lane = await stdioPeer(true);
      const sdk = await stdioPeer(false);
      try {
        if (era === "legacy") {
          for (const peer of [lane, sdk]) {
            await peer.exchange(INITIALIZE);
            peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
          }
        }
        let id = 0;
        for (const [label, params] of CALLS) {
          id++;
          const own = params._meta as Record<string, unknown> | undefined;
          const meta = era === "modern" ? { ...MODERN_META, ...own, "io.modelcontextprotocol/clientCapabilities": { elicitation: {} } } : own;
          const request = { jsonrpc: "2.0", id, method: "tools/call", params: meta ? { ...params, _meta: meta } : params };
          const [fromLane, fromSdk] = [await lane.exchange(request), await sdk.exchange(request)];
          expect(comparable(fromLane), label).to.deep.equal(comparable(fromSdk));
        }
        for (const [label, uri] of READS) {
          id++;
          const request = { jsonrpc: "2.0", id, method: "resources/read", params: { uri, ...(era === "modern" && { _meta: MODERN_META }) } };
          const [fromLane, fromSdk] = [await lane.exchange(request), await sdk.exchange(request)];
          expect(comparable(fromLane), label).to.deep.equal(comparable(fromSdk));
        }
        const laneServed = counter.count;
        expect(laneServed, "calls and reads the lane served").to.be.greaterThan(CALLS.length - 2 + READS.length - 1);
      } finally {
        counter.restore();
        await lane.close();
        await sdk.close();
      }
    });
  }

  it("leaves to the SDK what it does not take: progress tokens, log levels, retry material, another revision", async () => {
    const counter = laneCalls();
    const peer = await stdioPeer(true);
    try {
      const before = counter.count;
      const progress = await peer.exchange({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "a" }, _meta: { ...MODERN_META, progressToken: "p" } } });
      expect(progress.at(-1)!.result).to.deep.include({ content: [{ type: "text", text: "a" }] });
      await peer.exchange({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "chatty", arguments: {}, _meta: { ...MODERN_META, "io.modelcontextprotocol/logLevel": "error" } } }).then((frames) => {
        expect(frames.filter((f) => f.method === "notifications/message").map((f) => (f.params as Frame).data)).to.deep.equal(["half way"]);
      });
      const retry = await peer.exchange({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "echo", arguments: { text: "b" }, requestState: "forged", _meta: MODERN_META } });
      expect((retry.at(-1)!.error as Frame).message).to.match(/requestState/);
      const other = await peer.exchange({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "echo", arguments: { text: "c" }, _meta: { ...MODERN_META, "io.modelcontextprotocol/protocolVersion": "2099-01-01" } } });
      expect(other.at(-1)).to.have.any.keys("result", "error");
      expect(counter.count - before).to.equal(0);
      await peer.exchange({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "echo", arguments: { text: "d" }, _meta: MODERN_META } });
      expect(counter.count - before).to.equal(1);
    } finally {
      counter.restore();
      await peer.close();
    }
  });

  it("settles the era as the SDK does: a first message without the envelope pins 2025, so later enveloped calls get 2025 answers", async () => {
    const lane = await stdioPeer(true);
    const sdk = await stdioPeer(false);
    try {
      const messages = [
        { jsonrpc: "2.0", id: 1, method: "ping" },
        { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "a" }, _meta: MODERN_META } },
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "echo", arguments: { text: "b" }, _meta: MODERN_META } },
        { jsonrpc: "2.0", id: 4, method: "tools/list", params: { _meta: MODERN_META } },
      ];
      for (const message of messages) expect(comparable(await lane.exchange(message)), `id ${message.id}`).to.deep.equal(comparable(await sdk.exchange(message)));
    } finally {
      await lane.close();
      await sdk.close();
    }
  });

  it("neither answers nor hands to the SDK a 2026-07-28 call cancelled before it asked the client (the method runs once)", async () => {
    LaneTools.askedOnceCancelled = 0;
    const peer = await stdioPeer(true);
    const meta = { ...MODERN_META, "io.modelcontextprotocol/clientCapabilities": { elicitation: {} } };
    try {
      await peer.exchange({ jsonrpc: "2.0", id: "first", method: "tools/list", params: { _meta: meta } });
      peer.send({ jsonrpc: "2.0", id: "asks", method: "tools/call", params: { name: "asksOnceCancelled", arguments: {}, _meta: meta } });
      peer.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "asks", reason: "user pressed stop" } });
      const after = await peer.exchange({ jsonrpc: "2.0", id: "next", method: "tools/call", params: { name: "echo", arguments: { text: "still here" }, _meta: meta } });
      expect(after.at(-1)!.result).to.deep.include({ content: [{ type: "text", text: "still here" }] });
      expect(after.map((f) => f.id)).to.not.include("asks");
      expect(LaneTools.askedOnceCancelled).to.equal(1);
    } finally {
      await peer.close();
    }
  });

  it("honours the 2025 client's logging/setLevel for calls on the lane", async () => {
    const peer = await stdioPeer(true);
    try {
      await peer.exchange(INITIALIZE);
      peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      await peer.exchange({ jsonrpc: "2.0", id: 1, method: "logging/setLevel", params: { level: "error" } });
      const frames = await peer.exchange({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "chatty", arguments: {} } });
      expect(frames.filter((f) => f.method === "notifications/message").map((f) => (f.params as Frame).data)).to.deep.equal(["half way"]);
    } finally {
      await peer.close();
    }
  });

  for (const era of ["legacy", "modern"] as const) {
    it(`aborts a lane call the ${era === "legacy" ? "2025" : "2026-07-28"} client cancels, answers nothing for it, and keeps serving`, async () => {
      LaneTools.aborted = [];
      const counter = laneCalls();
      const peer = await stdioPeer(true);
      try {
        if (era === "legacy") {
          await peer.exchange(INITIALIZE);
          peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
        }
        const meta = era === "modern" ? { _meta: MODERN_META } : {};
        // The first 2026-07-28 request settles the connection's era, through the SDK.
        if (era === "modern") await peer.exchange({ jsonrpc: "2.0", id: "first", method: "tools/call", params: { name: "echo", arguments: { text: "first" }, ...meta } });
        peer.send({ jsonrpc: "2.0", id: "slow", method: "tools/call", params: { name: "waits", arguments: {}, ...meta } });
        peer.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "slow", reason: "user pressed stop" } });
        const after = await peer.exchange({ jsonrpc: "2.0", id: "next", method: "tools/call", params: { name: "echo", arguments: { text: "still here" }, ...meta } });
        expect(after.at(-1)!.result).to.deep.include({ content: [{ type: "text", text: "still here" }] });
        expect(LaneTools.aborted).to.deep.equal(["user pressed stop"]);
        expect(after.map((f) => f.id)).to.not.include("slow");
        expect(counter.count).to.equal(2);
      } finally {
        counter.restore();
        await peer.close();
      }
    });
  }
});

describe("fast lane over Streamable HTTP", () => {
  let lane: McpApplication;
  let sdk: McpApplication;
  let laneHttp: HttpListener;
  let sdkHttp: HttpListener;

  before(async () => {
    lane = new McpApplication({ name: "lane", version: "1.2.3", services: [LaneTools] });
    sdk = new McpApplication({ name: "lane", version: "1.2.3", services: [LaneTools], fastLane: false });
    laneHttp = await lane.listenHttp({ port: 0 });
    sdkHttp = await sdk.listenHttp({ port: 0 });
  });
  after(async () => {
    await lane.close();
    await sdk.close();
  });

  const modernPost = (url: string, id: number, params: Record<string, unknown>, capabilities: object = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": String(params.name) },
      body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { ...params, _meta: { ...MODERN_META, "io.modelcontextprotocol/clientCapabilities": capabilities } } }),
    });

  it("answers 2026-07-28 calls and reads with the SDK handler's status, media type and JSON-RPC answer", async () => {
    const counter = laneCalls();
    try {
      let id = 0;
      for (const [label, params] of CALLS) {
        id++;
        const [fromLane, fromSdk] = [await modernPost(laneHttp.url, id, params, { elicitation: {} }), await modernPost(sdkHttp.url, id, params, { elicitation: {} })];
        expect([fromLane.status, fromLane.headers.get("content-type")], label).to.deep.equal([fromSdk.status, fromSdk.headers.get("content-type")]);
        expect(comparable([await messageOf(fromLane)]), label).to.deep.equal(comparable([await messageOf(fromSdk)]));
      }
      for (const [label, uri] of READS) {
        id++;
        // Its Mcp-Name header would be over Node's header limit: refused (431) before either path.
        if (uri.length > 16_384) continue;
        const read = (url: string) =>
          fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "resources/read", "mcp-name": uri },
            body: JSON.stringify({ jsonrpc: "2.0", id, method: "resources/read", params: { uri, _meta: MODERN_META } }),
          });
        const [fromLane, fromSdk] = [await read(laneHttp.url), await read(sdkHttp.url)];
        expect([fromLane.status, fromLane.headers.get("content-type")], label).to.deep.equal([fromSdk.status, fromSdk.headers.get("content-type")]);
        expect(comparable([await messageOf(fromLane)]), label).to.deep.equal(comparable([await messageOf(fromSdk)]));
      }
      expect(counter.count).to.be.greaterThan(CALLS.length - 2 + READS.length - 1);
    } finally {
      counter.restore();
    }
  });

  it("leaves a call whose Mcp-Name header disagrees with its body to the SDK, which names the mismatch", async () => {
    const response = await fetch(laneHttp.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "other" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "x" }, _meta: MODERN_META } }),
    });
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).to.match(/Mcp-Name/);
  });

  it("answers a 2025 session's plain call as JSON with its session id, and streams the log messages of one that logs", async () => {
    const counter = laneCalls();
    try {
      const session = await openSession(laneHttp.url);
      const plain = await session.post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "hi" } } });
      expect(plain.headers.get("content-type")).to.equal("application/json");
      expect(plain.headers.get("mcp-session-id")).to.equal(session.id);
      expect(await plain.json()).to.deep.equal({ result: { content: [{ type: "text", text: "hi" }] }, jsonrpc: "2.0", id: 2 });

      await session.post({ jsonrpc: "2.0", id: 3, method: "logging/setLevel", params: { level: "error" } }).then((r) => r.text());
      const chatty = await session.post({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "chatty", arguments: {} } });
      expect(chatty.headers.get("content-type")).to.equal("text/event-stream");
      expect(chatty.headers.get("x-accel-buffering"), "the SDK's SSE header that keeps proxies from buffering").to.equal("no");
      const events = (await chatty.text()).split("\n").filter((line) => line.startsWith("data: ")).map((line) => JSON.parse(line.slice(6)) as Frame);
      expect(events).to.deep.equal([
        { jsonrpc: "2.0", method: "notifications/message", params: { level: "error", data: "half way" } },
        { result: { content: [{ type: "text", text: "done" }] }, jsonrpc: "2.0", id: 4 },
      ]);
      expect(counter.count).to.equal(2);
    } finally {
      counter.restore();
    }
  });

  it("leaves a Base64 Mcp-Name header to the SDK, which decodes it and names a mismatch with the body", async () => {
    const sentinel = "=?base64?bm9wZQ==?=";
    const post = (url: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": sentinel },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: sentinel, arguments: {}, _meta: MODERN_META } }),
      });
    const [fromLane, fromSdk] = [await post(laneHttp.url), await post(sdkHttp.url)];
    expect(fromLane.status).to.equal(fromSdk.status).and.to.equal(400);
    expect(await fromLane.json()).to.deep.equal(await fromSdk.json());
  });

  it("aborts a 2025 session's lane call its client cancels, and ends the calls of a session that is deleted, as the SDK does", async () => {
    LaneTools.aborted = [];
    const counter = laneCalls();
    try {
      const session = await openSession(laneHttp.url);
      const cancelled = session.post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "waits", arguments: {} } });
      const ended = session.post({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "waits", arguments: {} } });
      await eventuallyTrue(() => counter.count === 2);
      const notice = await session.post({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 2, reason: "user pressed stop" } });
      expect(notice.status).to.equal(202);
      await eventuallyTrue(() => LaneTools.aborted.length === 1);
      expect(LaneTools.aborted).to.deep.equal(["user pressed stop"]);
      const deleted = await fetch(laneHttp.url, { method: "DELETE", headers: { "mcp-session-id": session.id, "mcp-protocol-version": "2025-11-25" } });
      expect(deleted.status).to.equal(200);
      for (const answer of [await cancelled, await ended]) {
        expect(answer.status).to.equal(200);
        expect(await answer.text(), "a cancelled call is never answered; its stream ends with the session").to.equal("");
      }
      expect(LaneTools.aborted).to.deep.equal(["user pressed stop", "Error: Connection closed"]);
    } finally {
      counter.restore();
    }
  });

  it("answers a logging 2025 call as JSON without its log messages when the endpoint answers JSON, as the SDK does", async () => {
    const json = async (fastLane: boolean) => {
      const app = new McpApplication({ name: "lane", services: [LaneTools], fastLane });
      const listener = await app.listenHttp({ port: 0, enableJsonResponse: true });
      try {
        const session = await openSession(listener.url);
        const answer = await session.post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "chatty", arguments: {} } });
        return { type: answer.headers.get("content-type"), body: await answer.json() };
      } finally {
        await app.close();
      }
    };
    const [fromLane, fromSdk] = [await json(true), await json(false)];
    expect(fromLane).to.deep.equal(fromSdk);
    expect(fromLane.type).to.equal("application/json");
  });

  it("streams every call of a session through the SDK's transport when resumable streams are on", async () => {
    const resumable = new McpApplication({ name: "lane", services: [LaneTools] });
    const listener = await resumable.listenHttp({ port: 0, resumableEvents: 100 });
    const counter = laneCalls();
    try {
      const session = await openSession(listener.url);
      const answer = await session.post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "hi" } } });
      expect(answer.headers.get("content-type")).to.equal("text/event-stream");
      expect(await messageOf(answer)).to.deep.equal({ result: { content: [{ type: "text", text: "hi" }] }, jsonrpc: "2.0", id: 2 });
      expect(counter.count).to.equal(0);
    } finally {
      counter.restore();
      await resumable.close();
    }
  });
});

/** The JSON-RPC message of an HTTP answer, JSON or the last data line of an SSE stream. */
async function messageOf(response: Response): Promise<Frame> {
  const text = await response.text();
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) return JSON.parse(text);
  const data = text.split("\n").filter((line) => line.startsWith("data: ") && line.length > 6);
  return JSON.parse(data.at(-1)!.slice(6));
}

/** A 2025 session opened by hand, and a POST on it. */
async function openSession(url: string) {
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25" };
  const opened = await fetch(url, { method: "POST", headers, body: JSON.stringify({ ...INITIALIZE, id: 1 }) });
  const id = opened.headers.get("mcp-session-id")!;
  await opened.text();
  const post = (message: unknown) => fetch(url, { method: "POST", headers: { ...headers, "mcp-session-id": id }, body: JSON.stringify(message) });
  await post({ jsonrpc: "2.0", method: "notifications/initialized" }).then((r) => r.text());
  return { id, post };
}

/** Resolves once `done()` holds, checking after each turn of the event loop (no timer). */
async function eventuallyTrue(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}
