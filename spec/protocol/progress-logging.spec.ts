import { expect } from "chai";
import type { LoggingMessageNotification, Progress } from "@modelcontextprotocol/client";
import { log, NoCallContextError, progressRequested, reportProgress, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { collectNotifications } from "./support.js";

describe("progress and logging through the call context", () => {
  it("sends each reportProgress() to a client that asked for progress", async () => {
    @Service()
    class Importer {
      @Tool() async importRows(rows: number) {
        for (let i = 1; i <= rows; i++) await reportProgress(i, rows, `row ${i}`);
        return `imported ${rows}`;
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Importer] });
    try {
      const seen: Progress[] = [];
      const result = await client.callTool({ name: "importRows", arguments: { rows: 3 } }, { onprogress: (p) => seen.push(p) });
      expect(result.content).to.deep.equal([{ type: "text", text: "imported 3" }]);
      expect(seen).to.deep.equal([
        { progress: 1, total: 3, message: "row 1" },
        { progress: 2, total: 3, message: "row 2" },
        { progress: 3, total: 3, message: "row 3" },
      ]);
    } finally {
      await close();
    }
  });

  it("does nothing when the client asked for no progress", async () => {
    @Service()
    class Quiet {
      @Tool() async work() {
        await reportProgress(1, 1);
        return progressRequested() ? "asked" : "not asked";
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Quiet] });
    try {
      const result = await client.callTool({ name: "work", arguments: {} });
      expect(result).to.deep.equal({ content: [{ type: "text", text: "not asked" }] });
    } finally {
      await close();
    }
  });

  it("sends log messages at or above the level the client set with logging/setLevel", async () => {
    @Service()
    class Chatty {
      @Tool() async run() {
        await log("debug", "fine detail");
        await log("info", "started", "chatty");
        await log("warning", { disk: "90%" });
        await log("error", "failed once");
        return "done";
      }
    }
    const { client, close } = await createTestClient({ name: "t", services: [Chatty] });
    try {
      const logs = collectNotifications<LoggingMessageNotification>(client, "notifications/message");
      await client.callTool({ name: "run", arguments: {} });
      await logs.atLeast(4);
      expect(logs.received.map((n) => n.params.level)).to.deep.equal(["debug", "info", "warning", "error"]);
      expect(logs.received[1]!.params).to.deep.equal({ level: "info", data: "started", logger: "chatty" });

      logs.received.length = 0;
      await client.setLoggingLevel("warning");
      await client.callTool({ name: "run", arguments: {} });
      // The call's response follows its notifications on the same connection, so all have arrived.
      // In memory the params are not serialised: compare them as the wire would carry them.
      expect(JSON.parse(JSON.stringify(logs.received.map((n) => n.params)))).to.deep.equal([{ level: "warning", data: { disk: "90%" } }, { level: "error", data: "failed once" }]);
    } finally {
      await close();
    }
  });

  it("rejects an unknown log level with InvalidParams", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [] });
    try {
      const error = await client.request({ method: "logging/setLevel", params: { level: "loud" as never } }).catch((e: Error) => e);
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(/level/i);
    } finally {
      await close();
    }
  });

  it("refuses helpers used outside a call with a message saying where they work", async () => {
    const error = await log("info", "nobody listens").catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NoCallContextError);
    expect((error as Error).message).to.contain("log() was called outside an MCP call");
  });
});
