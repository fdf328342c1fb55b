import { expect } from "chai";
import path from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";
import { ROOT } from "./support.js";

describe("generated schemas in a server that starts itself at import", function () {
  this.timeout(30_000);
  let client: Client;
  let stderr = "";

  before(async () => {
    client = new Client({ name: "spec", version: "1.0.0" });
    const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, "dist/spec/schema/fixtures/clock-server.js")], stderr: "pipe" });
    transport.stderr?.on("data", (chunk) => (stderr += chunk));
    await client.connect(transport);
  });
  after(() => client.close());

  it("serves the generated schema over stdio without a reflection warning", async () => {
    const [tool] = (await client.listTools()).tools;
    expect(tool!.description).to.equal("Add days to a moment.");
    expect(tool!.inputSchema.properties).to.deep.equal({
      start: { type: "string", format: "date-time", description: "Where to count from." },
      days: { type: "integer", description: "How many days.", default: 1 },
    });
    expect(stderr).to.not.contain("reflection");
  });

  it("turns the ISO string into a Date for the method and the Date result back into a string", async () => {
    const result = await client.callTool({ name: "addDays", arguments: { start: "2026-03-01T00:00:00.000Z", days: 2 } });
    expect(result.structuredContent).to.deep.equal({ date: "2026-03-03T00:00:00.000Z" });
  });
});
