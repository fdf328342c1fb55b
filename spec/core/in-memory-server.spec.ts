import { expect } from "chai";
import { z } from "zod";
import { Ajv2020 } from "ajv/dist/2020.js";
import { ProtocolError } from "@modelcontextprotocol/client";
import { DuplicateNameError, McpApplication, Prompt, Resource, SchemaError, Service, Tool, ToolResult } from "../../lib/index.js";
import { createTestClient, type TestClient } from "../../lib/testing/index.js";

@Service()
class Library {
  private readonly books = new Map([["1", { id: "1", title: "Dune" }]]);

  @Tool({ description: "Look up a book.", annotations: { readOnlyHint: true } })
  async getBook(id: string) {
    const book = this.books.get(id);
    if (!book) throw new Error(`No book with id "${id}"`);
    return book;
  }

  @Tool()
  async add(a: number, b: number, round = false) {
    return round ? Math.round(a + b) : a + b;
  }

  @Tool({ input: { type: "object", properties: { words: { type: "array", items: { type: "string" } } }, required: ["words"] } })
  async join(args: { words: string[] }) {
    return args.words.join(" ");
  }

  @Tool({ input: z.object({ text: z.string().min(1), times: z.number().int().max(3) }) })
  async repeat({ text, times }: { text: string; times: number }) {
    return text.repeat(times);
  }

  @Tool()
  async several() {
    return ToolResult.content([{ type: "text", text: "one" }, { type: "text", text: "two" }]);
  }

  @Resource({ uri: "library://stats", description: "Counts." })
  async stats() {
    return { books: this.books.size };
  }

  @Resource({ uriTemplate: "library://books/{id}", mimeType: "application/json" })
  async book(id: string) {
    return this.books.get(id);
  }

  @Resource({ uri: "library://cover", mimeType: "image/png" })
  async cover() {
    return new Uint8Array([137, 80, 78, 71]);
  }

  @Prompt({ description: "Review a book." })
  async review(id: string, tone = "friendly") {
    return `Review book ${id} in a ${tone} tone.`;
  }
}

describe("an application served in memory", () => {
  let t: TestClient;
  before(async () => {
    t = await createTestClient({ name: "library", version: "1.2.3", services: [Library] });
  });
  after(() => t.close());

  it("identifies itself with the configured name and version", () => {
    expect(t.client.getServerVersion()).to.include({ name: "library", version: "1.2.3" });
  });

  it("lists every tool with a valid JSON Schema 2020-12 input schema", async () => {
    const { tools } = await t.client.listTools();
    expect(tools.map((tool) => tool.name)).to.deep.equal(["getBook", "add", "join", "repeat", "several"]);
    const ajv = new Ajv2020({ strict: false });
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).to.equal("object");
      expect(ajv.validateSchema(tool.inputSchema), `${tool.name}: ${ajv.errorsText()}`).to.equal(true);
    }
    expect(tools[0]).to.deep.include({ description: "Look up a book.", annotations: { readOnlyHint: true } });
    expect(tools[1]!.inputSchema).to.deep.include({ required: ["a", "b"] });
  });

  it("calls a tool with positional parameters bound by name", async () => {
    const result = await t.client.callTool({ name: "add", arguments: { b: 2.5, a: 1, round: true } });
    expect(result).to.deep.equal({ content: [{ type: "text", text: "4" }] });
  });

  it("returns objects as JSON text", async () => {
    const result = await t.client.callTool({ name: "getBook", arguments: { id: "1" } });
    expect(result.content).to.deep.equal([{ type: "text", text: '{"id":"1","title":"Dune"}' }]);
  });

  it("passes the arguments object to a method with an explicit JSON Schema", async () => {
    const result = await t.client.callTool({ name: "join", arguments: { words: ["a", "b"] } });
    expect(result.content).to.deep.equal([{ type: "text", text: "a b" }]);
  });

  it("validates against an explicit zod schema", async () => {
    expect((await t.client.callTool({ name: "repeat", arguments: { text: "ab", times: 2 } })).content).to.deep.equal([{ type: "text", text: "abab" }]);
    const bad = await t.client.callTool({ name: "repeat", arguments: { text: "", times: 9 } });
    expect(bad.isError).to.equal(true);
    expect((bad.content as { text: string }[])[0]!.text).to.match(/Invalid arguments for tool "repeat": .*"text".*"times"/);
  });

  it("returns a ToolResult as it is", async () => {
    expect((await t.client.callTool({ name: "several" })).content).to.have.length(2);
  });

  it("answers a wrong argument type with an error result naming the tool and the argument", async () => {
    const result = await t.client.callTool({ name: "add", arguments: { a: "1", b: 2 } });
    expect(result).to.deep.equal({ isError: true, content: [{ type: "text", text: 'Invalid arguments for tool "add": argument "a" must be number' }] });
  });

  it("answers a missing argument with an error result naming it", async () => {
    const result = await t.client.callTool({ name: "getBook", arguments: {} });
    expect(result).to.deep.equal({ isError: true, content: [{ type: "text", text: 'Invalid arguments for tool "getBook": missing required argument "id"' }] });
  });

  it("answers an unknown tool with a protocol error listing the tools, and keeps serving", async () => {
    let error: unknown;
    await t.client.callTool({ name: "getBok", arguments: {} }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(ProtocolError).with.property("code", -32602);
    expect((error as Error).message).to.include('Unknown tool "getBok". This server\'s tools: getBook, add, join, repeat, several');
    expect((await t.client.callTool({ name: "getBook", arguments: { id: "1" } })).isError).to.equal(undefined);
  });

  it("turns an error thrown by the method into an error result with its message", async () => {
    const result = await t.client.callTool({ name: "getBook", arguments: { id: "9" } });
    expect(result).to.deep.equal({ isError: true, content: [{ type: "text", text: 'No book with id "9"' }] });
  });

  it("serves concurrent calls independently when some of them fail", async () => {
    const results = await Promise.all(["1", "9", "1"].map((id) => t.client.callTool({ name: "getBook", arguments: { id } })));
    expect(results.map((r) => r.isError ?? false)).to.deep.equal([false, true, false]);
  });

  it("lists and reads fixed resources, templates and binary resources", async () => {
    expect((await t.client.listResources()).resources.map((r) => r.uri)).to.deep.equal(["library://stats", "library://cover"]);
    expect((await t.client.listResourceTemplates()).resourceTemplates).to.deep.equal([{ uriTemplate: "library://books/{id}", name: "book", mimeType: "application/json" }]);
    expect((await t.client.readResource({ uri: "library://stats" })).contents).to.deep.equal([{ uri: "library://stats", mimeType: "application/json", text: '{"books":1}' }]);
    expect((await t.client.readResource({ uri: "library://books/1" })).contents[0]).to.include({ text: '{"id":"1","title":"Dune"}' });
    expect((await t.client.readResource({ uri: "library://cover" })).contents[0]).to.include({ mimeType: "image/png", blob: "iVBORw==" });
  });

  it("answers an unknown resource URI with a resource-not-found error", async () => {
    let error: unknown;
    await t.client.readResource({ uri: "library://nothing/here" }).catch((e) => (error = e));
    // -32602 with the URI in data, in both eras (2026-07-28, sep-2164).
    expect(error).to.be.instanceOf(ProtocolError).with.property("code", -32602);
    expect((error as ProtocolError).data).to.deep.equal({ uri: "library://nothing/here" });
  });

  it("lists prompts with arguments from the method's parameters and renders them", async () => {
    const { prompts } = await t.client.listPrompts();
    expect(prompts).to.deep.equal([{ name: "review", description: "Review a book.", arguments: [{ name: "id", required: true }, { name: "tone", required: false }] }]);
    const result = await t.client.getPrompt({ name: "review", arguments: { id: "1" } });
    expect(result.messages).to.deep.equal([{ role: "user", content: { type: "text", text: "Review book 1 in a friendly tone." } }]);
  });

  it("answers a prompt without a required argument with an error naming it", async () => {
    let error: unknown;
    await t.client.getPrompt({ name: "review", arguments: {} }).catch((e) => (error = e));
    expect((error as Error).message).to.include('Prompt "review": missing required argument "id"');
  });
});

describe("application startup checks", () => {
  it("refuses two tools with one name, naming both methods", async () => {
    class One {
      @Tool({ name: "lookup" }) async find() {
        return 1;
      }
    }
    class Two {
      @Tool({ name: "lookup" }) async search() {
        return 2;
      }
    }
    let error: unknown;
    await new McpApplication({ name: "t", services: [One, Two] }).start().catch((e) => (error = e));
    expect(error).to.be.instanceOf(DuplicateNameError);
    expect((error as Error).message).to.equal('Duplicate tool "lookup": declared by One.find and by Two.search. Fix: give one of them another name, e.g. @Tool({ name: "..." }).');
  });

  it("refuses a destructured parameter without an explicit schema", async () => {
    class Destructures {
      @Tool() async run({ a }: { a: number }) {
        return a;
      }
    }
    let error: unknown;
    await new McpApplication({ name: "t", services: [Destructures] }).start().catch((e) => (error = e));
    expect(error).to.be.instanceOf(SchemaError);
    expect((error as Error).message).to.match(/Destructures\.run: parameter 1 is destructured/);
  });

  it("refuses a template resource whose parameter is not a template variable", async () => {
    class Mismatch {
      @Resource({ uriTemplate: "x://{id}" }) async read(key: string) {
        return key;
      }
    }
    let error: unknown;
    await new McpApplication({ name: "t", services: [Mismatch] }).start().catch((e) => (error = e));
    expect((error as Error).message).to.match(/Mismatch\.read: parameter key is not a variable of the URI template "x:\/\/\{id\}"/);
  });
});
