import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";

const server = fileURLToPath(new URL("../fixtures/echo-server.js", import.meta.url));

describe("the stdio transport", () => {
  it("serves a real client in a child process", async () => {
    const client = new Client({ name: "spec", version: "1.0.0" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [server], stderr: "pipe" }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).to.deep.equal(["echo", "fail"]);
      expect((await client.callTool({ name: "echo", arguments: { text: "hi" } })).content).to.deep.equal([{ type: "text", text: "hi" }]);
      const failed = await client.callTool({ name: "fail", arguments: { message: "nope" } });
      expect(failed).to.deep.equal({ isError: true, content: [{ type: "text", text: "nope" }] });
      expect((await client.callTool({ name: "echo", arguments: { text: "still here" } })).content).to.deep.equal([{ type: "text", text: "still here" }]);
    } finally {
      await client.close();
    }
  });

  it("exits cleanly when stdin closes", async () => {
    const child = spawn(process.execPath, [server], { stdio: ["pipe", "pipe", "pipe"] });
    const exited = once(child, "exit");
    child.stdin.end();
    const [code] = await exited;
    expect(code).to.equal(0);
  });

  it("survives a malformed line and keeps answering requests", async () => {
    const child = spawn(process.execPath, [server], { stdio: ["pipe", "pipe", "pipe"] });
    const lines: string[] = [];
    let buffered = "";
    const answered = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (lines.length >= count ? resolve() : child.stdout.once("data", onData));
        const onData = (chunk: Buffer) => {
          buffered += chunk.toString();
          const parts = buffered.split("\n");
          buffered = parts.pop()!;
          lines.push(...parts.filter(Boolean));
          check();
        };
        check();
      });
    child.stdin.write("{not json\n");
    child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) + "\n");
    await answered(1);
    const responses = lines.map((l) => JSON.parse(l));
    expect(responses.find((r) => r.id === 1)).to.deep.equal({ jsonrpc: "2.0", id: 1, result: {} });
    child.stdin.end();
    await once(child, "exit");
  });
});
