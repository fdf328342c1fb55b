import { expect } from "chai";
import { once } from "node:events";
import path from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ROOT } from "../schema/support.js";

describe("a stdio server's stdout and stderr", function () {
  this.timeout(20_000);
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = "";
  const stderrReceives = async (text: string) => {
    while (!stderr.includes(text)) await once(transport.stderr!, "data");
  };

  before(async () => {
    transport = new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, "dist/spec/fixtures/chatty-server.js")], stderr: "pipe" });
    transport.stderr!.on("data", (chunk) => (stderr += chunk));
    client = new Client({ name: "spec", version: "1.0.0" });
    await client.connect(transport);
  });
  after(() => client.close());

  it("says on stderr that it is ready", async () => {
    await stderrReceives("chatty: MCP over stdio, ready\n");
  });

  it("keeps a tool's console.log, console.info and console.table off the protocol stream, on stderr", async () => {
    // A console line on stdout would be an unparsable frame: the client would error or never get the answer.
    const result = await client.callTool({ name: "greet", arguments: { name: "Ada" } });
    expect(result.content).to.deep.equal([{ type: "text", text: "Hello, Ada" }]);
    await stderrReceives("│ name");
    expect(stderr).to.contain("greeting Ada\n").and.to.contain("{ about: 'Ada' }\n");
  });

  it("logs an unexpected tool error with its stack on stderr, and gives the model its message", async () => {
    const result = await client.callTool({ name: "crash", arguments: {} });
    expect(result).to.include({ isError: true });
    expect(result.content).to.deep.equal([{ type: "text", text: "the tool's own bug" }]);
    await stderrReceives("chatty-server.js");
    expect(stderr).to.match(/chatty: tool "crash" \(ChattyTools\.crash\) failed: the tool's own bug\n {4}TypeError: the tool's own bug\n {4}at ChattyTools\.crash \(.*chatty-server\.js:\d+:\d+\)/);
  });
});
