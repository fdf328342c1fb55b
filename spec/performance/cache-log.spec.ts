import { expect } from "chai";
import { Cached, McpApplication, Tool, type CacheEntry, type CacheStore } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

/** A store that fails while `down` is set, synchronously or not. */
class FlakyStore implements CacheStore {
  down = false;
  private readonly entries = new Map<string, CacheEntry>();
  constructor(private readonly async: boolean) {}
  private answer<T>(value: () => T): T | Promise<T> {
    if (this.down) {
      if (this.async) return Promise.reject(new Error("store offline"));
      throw new Error("store offline");
    }
    return this.async ? Promise.resolve(value()) : value();
  }
  get(key: string) {
    return this.answer(() => this.entries.get(key));
  }
  set(key: string, entry: CacheEntry) {
    return this.answer(() => void this.entries.set(key, entry));
  }
  delete(key: string) {
    return this.answer(() => void this.entries.delete(key));
  }
  deletePrefix(prefix: string) {
    return this.answer(() => {
      for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
    });
  }
}

/** Runs `work` while recording what is written to stdout and stderr. */
async function capture(work: () => Promise<void>): Promise<{ stdout: string; stderr: string }> {
  const written = { stdout: "", stderr: "" };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => ((written.stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((written.stderr += chunk), true)) as typeof process.stderr.write;
  try {
    await work();
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
  return written;
}

describe("the cache's own messages", () => {
  for (const async of [true, false]) {
    it(`report a ${async ? "remote" : "local"} store's outage and recovery on stderr, never on stdout (the stdio protocol channel)`, async () => {
      const store = new FlakyStore(async);
      class Prices {
        @Tool({ input: { type: "object", properties: {} } })
        @Cached({ ttl: "1m", shared: true })
        async price() {
          return "42";
        }
      }
      const { client, close } = await createTestClient(new McpApplication({ name: "t", services: [Prices], cache: { store } }));
      try {
        const written = await capture(async () => {
          store.down = true;
          await client.callTool({ name: "price", arguments: {} });
          store.down = false;
          await client.callTool({ name: "price", arguments: {} });
        });
        expect(written.stdout).to.equal("");
        expect(written.stderr).to.match(/failed \(store offline\)/);
        expect(written.stderr).to.match(/works again; caching resumed/);
      } finally {
        await close();
      }
    });
  }
});
