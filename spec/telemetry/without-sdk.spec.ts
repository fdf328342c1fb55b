import { expect } from "chai";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const PROBE = fileURLToPath(new URL("../fixtures/telemetry-probe.js", import.meta.url));

async function probe(...args: string[]): Promise<{ loadedApi: boolean; spans: string[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, [PROBE, ...args]);
  return JSON.parse(stdout) as { loadedApi: boolean; spans: string[] };
}

describe("telemetry: with and without an SDK registered", function () {
  this.timeout(20_000);

  it("a server in a process without an OpenTelemetry SDK never loads the API", async () => {
    expect(await probe()).to.deep.equal({ loadedApi: false, spans: [] });
  });

  it("an SDK registered globally before the application starts receives its spans, with no option", async () => {
    const result = await probe("--sdk");
    expect(result.loadedApi).to.equal(true);
    expect(result.spans).to.include.members(["initialize", "tools/call echo"]);
  });
});
