import { expect } from "chai";
import { Content, Service, Tool, ToolResult } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { ProtocolErrorCode } from "@modelcontextprotocol/client";

const PNG = new Uint8Array([137, 80, 78, 71]);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

@Service()
class Media {
  @Tool() async text() {
    return "plain";
  }
  @Tool() async image() {
    return ToolResult.image(PNG, "image/png");
  }
  @Tool() async audio() {
    return ToolResult.audio(b64(PNG), "audio/wav");
  }
  @Tool() async embedded() {
    return ToolResult.resource("notes://1", "first note");
  }
  @Tool() async binaryEmbedded() {
    return ToolResult.resource("files://logo", PNG, "image/png");
  }
  @Tool() async link() {
    return ToolResult.resourceLink("notes://1", "note 1", { mimeType: "text/plain" });
  }
  @Tool() async mixed() {
    return ToolResult.of(Content.text("see"), Content.image(PNG, "image/png"), Content.resourceLink("notes://2", "note 2"));
  }
  @Tool({ output: { type: "object", properties: { total: { type: "number" } }, required: ["total"] } })
  async total() {
    return { total: 12 };
  }
  @Tool() async structured() {
    return ToolResult.structured({ ok: true }, "all good");
  }
  @Tool() async fails(): Promise<string> {
    throw new Error("disk full");
  }
  @Tool() async needsCount(count: number) {
    return count;
  }
}

describe("tool results of every content kind", () => {
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const { client, close } = await createTestClient({ name: "t", services: [Media] });
    try {
      return await client.callTool({ name, arguments: args });
    } finally {
      await close();
    }
  };

  it("returns text, image, audio, embedded resources (text and blob), links and mixed content", async () => {
    expect((await call("text")).content).to.deep.equal([{ type: "text", text: "plain" }]);
    expect((await call("image")).content).to.deep.equal([{ type: "image", data: b64(PNG), mimeType: "image/png" }]);
    expect((await call("audio")).content).to.deep.equal([{ type: "audio", data: b64(PNG), mimeType: "audio/wav" }]);
    expect((await call("embedded")).content).to.deep.equal([{ type: "resource", resource: { uri: "notes://1", mimeType: "text/plain", text: "first note" } }]);
    expect((await call("binaryEmbedded")).content).to.deep.equal([{ type: "resource", resource: { uri: "files://logo", mimeType: "image/png", blob: b64(PNG) } }]);
    expect((await call("link")).content).to.deep.equal([{ type: "resource_link", uri: "notes://1", name: "note 1", mimeType: "text/plain" }]);
    expect((await call("mixed")).content).to.deep.equal([
      { type: "text", text: "see" },
      { type: "image", data: b64(PNG), mimeType: "image/png" },
      { type: "resource_link", uri: "notes://2", name: "note 2" },
    ]);
  });

  it("returns structuredContent for a tool with an output schema, and from ToolResult.structured", async () => {
    expect(await call("total")).to.deep.include({ structuredContent: { total: 12 } });
    expect(await call("structured")).to.deep.equal({ content: [{ type: "text", text: "all good" }], structuredContent: { ok: true } });
  });

  it("keeps the error behaviour: thrown error and bad arguments are error results, an unknown tool a protocol error", async () => {
    expect(await call("fails")).to.deep.equal({ content: [{ type: "text", text: "disk full" }], isError: true });
    const bad = await call("needsCount", { count: "many" });
    expect(bad.isError).to.equal(true);
    expect((bad.content as { text: string }[])[0]!.text).to.contain('"count"');
    const unknown = await call("nope").then(() => undefined, (e: { code: number; message: string }) => e);
    expect(unknown).to.include({ code: ProtocolErrorCode.InvalidParams });
    expect(unknown!.message).to.contain('Unknown tool "nope"');
  });
});
