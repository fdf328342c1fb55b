import { expect } from "chai";
import type { Progress } from "@modelcontextprotocol/client";
import { DEFAULT_STREAM_LIMIT, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

describe("async-generator tools", () => {
  it("streams each chunk as a progress notification and returns the assembled text", async () => {
    @Service()
    class Story {
      @Tool() async *tell(parts: number) {
        for (let i = 1; i <= parts; i++) yield `part ${i}. `;
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Story] });
    try {
      const seen: Progress[] = [];
      const result = await client.callTool({ name: "tell", arguments: { parts: 3 } }, { onprogress: (p) => seen.push(p) });
      expect(result.content).to.deep.equal([{ type: "text", text: "part 1. part 2. part 3. " }]);
      expect(seen).to.deep.equal([
        { progress: 1, message: "part 1. " },
        { progress: 2, message: "part 2. " },
        { progress: 3, message: "part 3. " },
      ]);
    } finally {
      await close();
    }
  });

  it("uses the generator's return value as the result when it returns one", async () => {
    @Service()
    class Counter {
      @Tool() async *count() {
        yield { step: 1 };
        yield { step: 2 };
        return { counted: 2 };
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Counter] });
    try {
      const seen: Progress[] = [];
      const result = await client.callTool({ name: "count", arguments: {} }, { onprogress: (p) => seen.push(p) });
      expect(result.content).to.deep.equal([{ type: "text", text: '{"counted":2}' }]);
      expect(seen.map((p) => p.message)).to.deep.equal(['{"step":1}\n', '{"step":2}\n']);
    } finally {
      await close();
    }
  });

  it("stops an endless stream at the limit, runs its cleanup, and says the output was truncated", async () => {
    let cleanedUp = false;
    let produced = 0;
    @Service()
    class Firehose {
      @Tool() async *flood() {
        try {
          for (;;) {
            produced++;
            yield "x".repeat(10_000);
          }
        } finally {
          cleanedUp = true;
        }
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Firehose] });
    try {
      const result = await client.callTool({ name: "flood", arguments: {} });
      const text = (result.content as { text: string }[])[0]!.text;
      expect(text.startsWith("x".repeat(DEFAULT_STREAM_LIMIT))).to.equal(true);
      expect(text.slice(DEFAULT_STREAM_LIMIT)).to.match(/^\n\n\[Output truncated: the tool streamed more than 1000000 characters; the stream was stopped after 101 chunks\.\]$/);
      expect(cleanedUp).to.equal(true);
      expect(produced).to.equal(101);
    } finally {
      await close();
    }
  });

  it("turns an error thrown mid-stream into an error result", async () => {
    @Service()
    class Flaky {
      @Tool() async *read() {
        yield "ok ";
        throw new Error("source went away");
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Flaky] });
    try {
      expect(await client.callTool({ name: "read", arguments: {} })).to.deep.equal({ content: [{ type: "text", text: "source went away" }], isError: true });
    } finally {
      await close();
    }
  });
});
