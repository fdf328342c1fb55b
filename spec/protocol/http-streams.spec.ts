import { expect } from "chai";
import { closeCallStream, McpApplication, Service, Tool, type HttpListener } from "../../lib/index.js";

interface SseEvent {
  id?: string;
  retry?: number;
  data: string;
}

/** Reads SSE events from a response body until `stop` says so or the server ends the stream. */
async function readEvents(response: Response, stop: (event: SseEvent) => boolean = () => false): Promise<{ events: SseEvent[]; ended: boolean }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { events, ended: true };
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event: SseEvent = { data: "" };
      for (const line of buffer.slice(0, end).split("\n")) {
        const [field, ...rest] = line.split(":");
        const text = rest.join(":").replace(/^ /, "");
        if (field === "id") event.id = text;
        else if (field === "retry") event.retry = Number(text);
        else if (field === "data") event.data += text;
      }
      buffer = buffer.slice(end + 2);
      if (event.id === undefined && event.data === "") continue; // a keep-alive comment
      events.push(event);
      if (stop(event)) {
        await reader.cancel();
        return { events, ended: false };
      }
    }
  }
}

const isResponseTo = (id: number) => (event: SseEvent) => event.data !== "" && JSON.parse(event.data).id === id;

describe("Streamable HTTP streams", () => {
  let release!: () => void;
  let released: Promise<void>;

  @Service()
  class Jobs {
    @Tool() async longJob() {
      closeCallStream();
      await released;
      return "job done";
    }
    @Tool() async quick(n: number) {
      return `quick ${n}`;
    }
  }

  let app: McpApplication;
  let listener: HttpListener;
  let session: string;
  const post = (body: unknown, version = "2025-11-25") =>
    fetch(listener.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": session, "mcp-protocol-version": version },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    released = new Promise((resolve) => (release = resolve));
    app = new McpApplication({ name: "t", services: [Jobs] });
    listener = await app.listenHttp({ port: 0, retryInterval: 250, resumableEvents: 1000 });
    const init = await fetch(listener.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
    });
    session = init.headers.get("mcp-session-id")!;
    await readEvents(init, isResponseTo(0));
    expect((await post({ jsonrpc: "2.0", method: "notifications/initialized" })).status).to.equal(202);
  });

  afterEach(async () => {
    release();
    await app.close();
  });

  it("primes each POST stream with an event id and retry interval, and resumes a closed stream with Last-Event-ID", async () => {
    const call = await post({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "longJob", arguments: {} } });
    expect(call.headers.get("content-type")).to.contain("text/event-stream");
    const first = await readEvents(call);
    // The tool closed its stream before answering: only the priming event came, then the end.
    expect(first.ended).to.equal(true);
    expect(first.events).to.have.length(1);
    expect(first.events[0]).to.deep.include({ data: "", retry: 250 });
    const lastEventId = first.events[0]!.id!;
    expect(lastEventId).to.be.a("string").and.not.equal("");

    release();
    const resumed = await fetch(listener.url, {
      method: "GET",
      headers: { accept: "text/event-stream", "mcp-session-id": session, "mcp-protocol-version": "2025-11-25", "last-event-id": lastEventId },
    });
    expect(resumed.status).to.equal(200);
    const { events } = await readEvents(resumed, isResponseTo(1));
    expect(JSON.parse(events.at(-1)!.data).result.content).to.deep.equal([{ type: "text", text: "job done" }]);
  });

  it("refuses to resume from an event id it never issued", async () => {
    const resumed = await fetch(listener.url, {
      method: "GET",
      headers: { accept: "text/event-stream", "mcp-session-id": session, "mcp-protocol-version": "2025-11-25", "last-event-id": "no-such-event" },
    });
    expect(resumed.status).to.equal(400);
    await resumed.body?.cancel();
  });

  it("serves several POST streams of one session at once, each with its own answer", async () => {
    const responses = await Promise.all([1, 2, 3].map((n) => post({ jsonrpc: "2.0", id: 10 + n, method: "tools/call", params: { name: "quick", arguments: { n } } })));
    const answers = await Promise.all(responses.map(async (response, i) => {
      const { events } = await readEvents(response, isResponseTo(11 + i));
      return JSON.parse(events.at(-1)!.data).result.content[0].text;
    }));
    expect(answers).to.deep.equal(["quick 1", "quick 2", "quick 3"]);
  });

  it("sends no priming event to a client of an older protocol version, which could not parse it", async () => {
    const response = await post({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "quick", arguments: { n: 5 } } }, "2025-03-26");
    const { events } = await readEvents(response);
    expect(events.map((e) => JSON.parse(e.data).id)).to.deep.equal([5]);
  });
});
