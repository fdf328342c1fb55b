import { expect } from "chai";
import { McpApplication, Timeout, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { deferred, textOf } from "./support/deferred.js";

describe("time limits on streaming tools", () => {
  it("streams an async * tool under a default time limit, chunk by chunk", async () => {
    class Export {
      @Tool({ input: { type: "object", properties: {} } })
      async *rows() {
        yield "a";
        yield "b";
      }
    }
    const { client, close } = await createTestClient(new McpApplication({ name: "t", services: [Export], defaultTimeout: "5s" }));
    try {
      const progress: string[] = [];
      const result = await client.callTool({ name: "rows", arguments: {} }, { onprogress: (p) => void progress.push(p.message ?? "") });
      expect(textOf(result)).to.equal("ab");
      expect(progress).to.deep.equal(["a", "b"]);
    } finally {
      await close();
    }
  });

  it("ends a stream that outlives its limit with the timeout error at once, and closes the generator once its step settles", async () => {
    const stalled = deferred();
    const cleaned = deferred();
    class Export {
      @Tool({ input: { type: "object", properties: {} } })
      @Timeout(60)
      async *rows() {
        try {
          yield "first";
          await stalled.promise;
          yield "never";
        } finally {
          cleaned.resolve();
        }
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Export] });
    try {
      const result = await client.callTool({ name: "rows", arguments: {} });
      expect(result.isError).to.equal(true);
      expect(textOf(result)).to.match(/60 ms/);
      // The step the limit interrupted ends (its signal is aborted); the generator is then closed, not resumed.
      stalled.resolve();
      await cleaned.promise;
    } finally {
      stalled.resolve();
      await close();
    }
  });
});
