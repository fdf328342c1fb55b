import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { McpApplication, StdioTransport, Tool } from "../../lib/index.js";

const INITIALIZE = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } };

class Echo {
  @Tool({ input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } })
  async echo({ text }: { text: string }) {
    return text;
  }
}

/** An application served over a stdio transport on in-process streams, and the lines it writes. */
async function stdioPeer(options: { maxMessageBytes?: number } = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const writes = { count: 0 };
  const write = stdout.write.bind(stdout) as (...args: unknown[]) => boolean;
  stdout.write = ((...args: unknown[]) => {
    writes.count++;
    return write(...args);
  }) as typeof stdout.write;
  const warnings: string[] = [];
  const app = new McpApplication({ name: "frames", services: [Echo] });
  await app.connect(new StdioTransport(stdin, stdout, { ...options, warn: (message) => void warnings.push(message) }));
  const answers = new Map<unknown, Record<string, unknown>>();
  const arrived: unknown[] = [];
  const waiting = new Map<unknown, (answer: Record<string, unknown>) => void>();
  createInterface({ input: stdout }).on("line", (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    arrived.push(message.id);
    answers.set(message.id, message);
    waiting.get(message.id)?.(message);
  });
  return {
    warnings,
    writes,
    arrived,
    write: (text: string) => void stdin.write(text + "\n"),
    send: (message: unknown) => void stdin.write(JSON.stringify(message) + "\n"),
    answer: (id: unknown) => new Promise<Record<string, unknown>>((resolve) => (answers.has(id) ? resolve(answers.get(id)!) : waiting.set(id, resolve))),
    close: () => app.close(),
  };
}

describe("stdio frames", () => {
  it("answers every malformed frame that carries an id, and keeps serving", async () => {
    const peer = await stdioPeer();
    try {
      peer.send(INITIALIZE);
      await peer.answer(0);
      peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      const cases: [unknown, number, RegExp][] = [
        [{ jsonrpc: "2.0", id: 1, method: "tools/call", params: [] }, -32602, /"params" must be an object/],
        [{ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", _meta: null } }, -32602, /"_meta" must be an object/],
        [{ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "echo", _meta: { progressToken: { a: 1 } } } }, -32602, /progressToken/],
        [{ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "echo", _meta: { progressToken: 1.5 } } }, -32602, /progressToken/],
        [{ jsonrpc: "1.0", id: 5, method: "tools/list" }, -32600, /"jsonrpc" must be "2.0"/],
        [{ jsonrpc: "2.0", id: "six", method: 6 }, -32600, /"method" must be a string/],
        [{ jsonrpc: "2.0", id: 10, method: "tools/call", params: { name: 42 } }, -32602, /"name" must be the tool's name, a string/],
        [{ jsonrpc: "2.0", id: 11, method: "tools/call", params: { name: "echo", arguments: [] } }, -32602, /"arguments" must be an object/],
        [{ jsonrpc: "2.0", id: 12, method: "resources/read", params: {} }, -32602, /"uri" must be a string/],
      ];
      for (const [frame] of cases) peer.send(frame);
      peer.send([{ jsonrpc: "2.0", id: 7, method: "tools/list" }, { jsonrpc: "2.0", id: 8, method: "tools/list" }]);
      for (const [frame, code, message] of cases) {
        const { error } = (await peer.answer((frame as { id: unknown }).id)) as { error: { code: number; message: string } };
        expect(error.code, JSON.stringify(frame)).to.equal(code);
        expect(error.message).to.match(message);
      }
      for (const id of [7, 8]) expect(((await peer.answer(id)) as { error: { message: string } }).error.message).to.match(/batches are not supported/);
      peer.send({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "echo", arguments: { text: "still here" } } });
      expect((await peer.answer(9)).result).to.deep.include({ content: [{ type: "text", text: "still here" }] });
    } finally {
      await peer.close();
    }
  });

  it("answers a burst of calls in order with a few writes, not one write per answer", async () => {
    const peer = await stdioPeer();
    try {
      peer.send(INITIALIZE);
      await peer.answer(0);
      peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      const before = peer.writes.count;
      const ids = Array.from({ length: 50 }, (_, i) => 100 + i);
      peer.write(ids.map((id) => JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { text: `t${id}` } } })).join("\n"));
      for (const id of ids) {
        const answer = await peer.answer(id);
        expect(answer.result).to.deep.include({ content: [{ type: "text", text: `t${id}` }] });
      }
      // An echo answers in a fixed number of steps, so the answers leave in the order the calls came.
      expect(peer.arrived.filter((id) => typeof id === "number" && id >= 100)).to.deep.equal(ids);
      // Answers ready in the same turn of the event loop share one write (one system call on a pipe).
      expect(peer.writes.count - before).to.be.lessThan(10);
    } finally {
      await peer.close();
    }
  });

  it("refuses a line over the size limit, answering its id, and serves the next one", async () => {
    const peer = await stdioPeer({ maxMessageBytes: 1024 });
    try {
      peer.send(INITIALIZE);
      await peer.answer(0);
      peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      peer.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "x".repeat(5000) } } });
      peer.write(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"reason":"${"y".repeat(5000)}"}}`);
      peer.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "small" } } });
      const refused = (await peer.answer(1)) as { error: { code: number; message: string } };
      expect(refused.error.code).to.equal(-32600);
      expect(refused.error.message).to.match(/Request too large: \d+ bytes, over the limit of 1024 bytes/);
      expect((await peer.answer(2)).result).to.deep.include({ content: [{ type: "text", text: "small" }] });
      expect(peer.warnings.some((w) => /over the 1024-byte limit, and no id to answer/.test(w))).to.equal(true);
    } finally {
      await peer.close();
    }
  });

  it("keeps a server process that got an oversized line serving, and exits when stdin closes", async function () {
    this.timeout(20_000);
    const main = fileURLToPath(new URL("../../samples/flagship/main.js", import.meta.url));
    const child = spawn(process.execPath, [main], { env: { ...process.env, MYSQL_URL: "", REDIS_URL: "", CARRIER_API_URL: "" }, stdio: ["pipe", "pipe", "pipe"] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
    child.stdin!.write(JSON.stringify(INITIALIZE) + "\n");
    expect((await next()).id).to.equal(0);
    child.stdin!.write(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_user","arguments":{"pad":"${"z".repeat(11 * 1024 * 1024)}"}}}\n`);
    expect(await next()).to.have.nested.property("error.code", -32600);
    child.stdin!.write(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_user", arguments: { id: 3 } } }) + "\n");
    const answer = await next();
    expect(answer.id).to.equal(2);
    expect(JSON.stringify(answer.result)).to.include('\\"id\\":3');
    const exited = once(child, "exit");
    child.stdin!.end();
    expect((await exited)[0]).to.equal(0);
  });
});
