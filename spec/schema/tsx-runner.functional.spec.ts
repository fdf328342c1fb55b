import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ROOT } from "./support.js";

// tsx compiles with esbuild, which emits no decorator metadata (no design:paramtypes).
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

describe("a server run from TypeScript sources by tsx", function () {
  this.timeout(30_000);

  describe("with its generated module", () => {
    let client: Client;
    let stderr = "";
    before(async () => {
      const transport = new StdioClientTransport({ command: TSX, args: [path.join(ROOT, "spec/schema/fixtures/tsx-weather.ts")], cwd: ROOT, stderr: "pipe" });
      transport.stderr!.on("data", (chunk) => (stderr += chunk));
      client = new Client({ name: "spec", version: "1.0.0" });
      await client.connect(transport);
    });
    after(() => client.close());

    it("finds the generated schema beside the .ts source: optional parameters stay optional, JSDoc limits apply", async () => {
      const [tool] = (await client.listTools()).tools;
      expect(tool!.inputSchema.required).to.deep.equal(["city"]);
      expect(tool!.inputSchema.properties!.days).to.deep.include({ type: "integer", minimum: 1, maximum: 7 });
      expect(tool!.description).to.equal("The weather in one city.");
      const invalid = await client.callTool({ name: "weather", arguments: { city: "Oslo", days: 9 } });
      expect(invalid.isError).to.equal(true);
      expect(stderr).to.not.contain("reflection");
    });

    it("injects constructor dependencies from the types the generated module records", async () => {
      const result = await client.callTool({ name: "weather", arguments: { city: "Oslo" } });
      expect(result.content).to.deep.equal([{ type: "text", text: "Sunny in Oslo, 1 day(s) ahead" }]);
    });
  });

  it("without a generated module, fails at startup naming tsx and the fix (not with an undefined dependency at the first call)", async () => {
    const child = spawn(TSX, [path.join(ROOT, "spec/fixtures/tsx-unrecorded.ts")], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(child, "exit");
    expect(code).to.equal(1);
    expect(stderr).to.contain("tsx-unrecorded: could not start: Cannot inject the constructor of ClockTools: tsx recorded no constructor parameter types");
    expect(stderr).to.contain("Fix: run `npx mcpkit schema`");
  });
});
