import { expect } from "chai";
import { Service, Tool, Cached, type CacheStore, type CacheEntry, type Logger } from "../../lib/index.js";
import type { Invocation } from "../../lib/pipeline/invocation.js";
import { createTestClient } from "../../lib/testing/index.js";

@Service()
class Throwing {
  @Tool() async bug(): Promise<string> {
    throw new Error("database said no");
  }
  @Tool() async throwsObject(): Promise<string> {
    throw { code: 42, reason: "quota" };
  }
  @Tool() async throwsString(): Promise<string> {
    throw "plain words";
  }
  @Tool() async throwsMessageLike(): Promise<string> {
    throw { message: "shaped like an error" };
  }
}

/** A logger that keeps what it is given. */
function recordingLogger() {
  const lines: { level: string; message: string; error?: unknown }[] = [];
  const logger: Logger = {
    info: (message) => void lines.push({ level: "info", message }),
    warn: (message) => void lines.push({ level: "warn", message }),
    error: (message, error) => void lines.push({ level: "error", message, error }),
  };
  return { lines, logger };
}

const text = (result: { content: unknown }) => (result.content as { text: string }[])[0]!.text;

describe("errors a developer can see", () => {
  it("logs an unexpected tool error to the logger with the error itself (for its stack)", async () => {
    const { lines, logger } = recordingLogger();
    const { client, close } = await createTestClient({ name: "t", services: [Throwing], logger });
    try {
      const result = await client.callTool({ name: "bug", arguments: {} });
      expect(text(result)).to.equal("database said no");
      const logged = lines.filter((l) => l.level === "error");
      expect(logged).to.have.length(1);
      expect(logged[0]!.message).to.equal('t: tool "bug" (Throwing.bug) failed: database said no');
      expect((logged[0]!.error as Error).stack).to.contain("at Throwing.bug");
    } finally {
      await close();
    }
  });

  it("hands every unexpected error to onError, and accepts the former name onCallError", async () => {
    const heard: string[] = [];
    const onError = (error: unknown, invocation: Invocation) => void heard.push(`${invocation.handler.name}: ${(error as Error).message}`);
    for (const options of [{ onError }, { onCallError: onError }]) {
      const { client, close } = await createTestClient({ name: "t", services: [Throwing], ...options });
      try {
        await client.callTool({ name: "bug", arguments: {} });
      } finally {
        await close();
      }
    }
    expect(heard).to.deep.equal(["bug: database said no", "bug: database said no"]);
  });

  it("gives thrown non-Errors a readable message instead of [object Object]", async () => {
    const heard: unknown[] = [];
    const { client, close } = await createTestClient({ name: "t", services: [Throwing], onError: (error) => void heard.push(error) });
    try {
      expect(text(await client.callTool({ name: "throwsObject", arguments: {} }))).to.equal('a non-Error value was thrown: {"code":42,"reason":"quota"}');
      expect(text(await client.callTool({ name: "throwsString", arguments: {} }))).to.equal("plain words");
      expect(text(await client.callTool({ name: "throwsMessageLike", arguments: {} }))).to.equal("shaped like an error");
      // onError hears the value as it was thrown.
      expect(heard[0]).to.deep.equal({ code: 42, reason: "quota" });
    } finally {
      await close();
    }
  });

  it("sends a cache store's outage and recovery notes to the logger", async () => {
    let down = true;
    const entries = new Map<string, CacheEntry>();
    class FlakyStore implements CacheStore {
      get(key: string) {
        if (down) throw new Error("connection refused");
        return entries.get(key);
      }
      set(key: string, entry: CacheEntry) {
        entries.set(key, entry);
      }
      delete(key: string) {
        entries.delete(key);
      }
      deletePrefix() {}
    }
    @Service()
    class Prices {
      @Cached("1m") @Tool() async price(item: string): Promise<number> {
        return item.length;
      }
    }
    const { lines, logger } = recordingLogger();
    const { client, close } = await createTestClient({ name: "t", services: [Prices], logger, cache: { store: new FlakyStore() } });
    try {
      await client.callTool({ name: "price", arguments: { item: "tea" } });
      down = false;
      await client.callTool({ name: "price", arguments: { item: "tea" } });
      expect(lines.filter((l) => l.message.startsWith("Cache store")).map((l) => `${l.level}: ${l.message}`)).to.deep.equal([
        "warn: Cache store FlakyStore failed (connection refused); cached methods run uncached until it works again.",
        "info: Cache store FlakyStore works again; caching resumed.",
      ]);
    } finally {
      await close();
    }
  });
});
