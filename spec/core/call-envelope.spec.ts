import { expect } from "chai";
import { McpApplication, Prompt, Resource, Tool, type Interceptor, type Invocation } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

describe("the call envelope", () => {
  it("runs interceptors around tool calls, resource reads and prompt gets alike, naming the kind", async () => {
    class Everything {
      @Tool() async greet(name: string) {
        return `hi ${name}`;
      }
      @Resource({ uri: "app://motd" }) async motd() {
        return "be kind";
      }
      @Resource({ uriTemplate: "app://users/{id}" }) async user(id: string) {
        return { id };
      }
      @Prompt() async intro(topic: string) {
        return `Tell me about ${topic}`;
      }
    }
    const seen: string[] = [];
    const record: Interceptor = async (invocation, next) => {
      seen.push(`${invocation.handler.kind}:${invocation.context.name}:${JSON.stringify(invocation.args)}`);
      return next();
    };
    const { client, close } = await createTestClient({ name: "t", services: [Everything], interceptors: [record] });
    try {
      await client.callTool({ name: "greet", arguments: { name: "Ada" } });
      await client.readResource({ uri: "app://motd" });
      await client.readResource({ uri: "app://users/7" });
      await client.getPrompt({ name: "intro", arguments: { topic: "MCP" } });
      expect(seen).to.deep.equal(['tool:greet:{"name":"Ada"}', "resource:app://motd:{}", 'resource:app://users/7:{"id":"7"}', 'prompt:intro:{"topic":"MCP"}']);
    } finally {
      await close();
    }
  });

  it("reports unexpected failures of every kind once, and not mcpkit's own errors", async () => {
    class Broken {
      @Tool() async explode(): Promise<string> {
        throw new TypeError("tool bug");
      }
      @Resource({ uri: "app://broken" }) async broken(): Promise<string> {
        throw new RangeError("resource bug");
      }
      @Prompt() async faulty(): Promise<string> {
        throw new Error("prompt bug");
      }
      @Tool() async strict(count: number) {
        return count;
      }
    }
    const reported: { kind: string; message: string }[] = [];
    const onCallError = (error: unknown, invocation: Invocation) => void reported.push({ kind: invocation.handler.kind, message: (error as Error).message });
    const { client, close } = await createTestClient(new McpApplication({ name: "t", services: [Broken], onCallError }));
    try {
      const tool = await client.callTool({ name: "explode", arguments: {} });
      expect(tool.isError).to.equal(true);
      const resource = await client.readResource({ uri: "app://broken" }).catch((error: Error) => error);
      expect(resource).to.be.instanceOf(Error).with.property("message").that.includes("resource bug");
      const prompt = await client.getPrompt({ name: "faulty" }).catch((error: Error) => error);
      expect(prompt).to.be.instanceOf(Error).with.property("message").that.includes("prompt bug");
      const invalid = await client.callTool({ name: "strict", arguments: { count: "many" } });
      expect(invalid.isError).to.equal(true);
      expect(reported).to.deep.equal([
        { kind: "tool", message: "tool bug" },
        { kind: "resource", message: "resource bug" },
        { kind: "prompt", message: "prompt bug" },
      ]);
    } finally {
      await close();
    }
  });
});
