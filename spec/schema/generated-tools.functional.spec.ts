import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { CallToolResult, Tool as ToolDefinition } from "@modelcontextprotocol/client";
import { generatedPromptDefinition, loadedSchemasOf } from "../../lib/index.js";
import { createTestClient, type TestClient } from "../../lib/testing/index.js";
import { CatalogTools } from "./fixtures/catalog-tools.js";
import { ROOT } from "./support.js";

const golden = JSON.parse(readFileSync(path.join(ROOT, "spec/schema/golden/catalog-tools.json"), "utf8"));

describe("generated schemas through an MCP client", () => {
  let test: TestClient;
  let tools: Map<string, ToolDefinition>;
  const warnings: string[] = [];

  before(async () => {
    // Only the class is imported: its generated module is found and loaded at start-up.
    test = await createTestClient({ name: "catalog", services: [CatalogTools], onWarning: (m) => warnings.push(m) });
    tools = new Map((await test.client.listTools()).tools.map((t) => [t.name, t]));
  });
  after(() => test.close());

  const call = async (name: string, args: Record<string, unknown>) => (await test.client.callTool({ name, arguments: args })) as CallToolResult;

  it("loads the generated module without the application importing it, and warns about nothing", () => {
    expect(Object.keys(loadedSchemasOf(CatalogTools) ?? {})).to.include("search");
    expect(warnings).to.deep.equal([]);
  });

  it("lists the generated input schema and the method's JSDoc as the description", () => {
    const search = tools.get("search")!;
    expect(search.description).to.equal("Search the catalogue.");
    expect(search.inputSchema).to.deep.equal(golden.search.input);
  });

  it("wraps a non-object output schema as { result } and keeps an object one as it is", () => {
    const { $defs: _none, ...searchOutput } = golden.search.output;
    expect(tools.get("search")!.outputSchema).to.deep.equal({ type: "object", properties: { result: searchOutput }, required: ["result"] });
    expect(tools.get("constraints")!.outputSchema).to.deep.equal(golden.constraints.output);
    const optional = tools.get("optional")!.outputSchema as Record<string, unknown>;
    expect(optional.$defs).to.have.property("Address");
    expect(optional.properties).to.have.property("result");
  });

  it("has no output schema for a method returning text", () => {
    expect(tools.get("described")!.outputSchema).to.equal(undefined);
  });

  it("lets the decorator's description win over JSDoc", () => {
    expect(tools.get("described")!.description).to.equal("The decorator's description wins.");
  });

  it("lets an explicit input schema win, and still generates the output schema", () => {
    const explicit = tools.get("explicit")!;
    expect(explicit.inputSchema).to.deep.equal({ type: "object", properties: { a: { type: "string" } }, required: ["a"] });
    expect(explicit.outputSchema).to.deep.equal(golden.explicit.output);
    return call("explicit", { a: "x" }).then((result) => expect(result.structuredContent).to.deep.equal({ echoed: "x" }));
  });

  it("returns an array as structuredContent { result } plus its JSON text, with defaults applied and Dates as ISO strings", async () => {
    const result = await call("search", { query: "lamp", sort: "price" });
    expect(result.isError).to.equal(undefined);
    const expected = [{ id: "p1", title: "lamp (price)", price: 100, colour: "red", updated: "2026-01-02T00:00:00.000Z" }];
    expect(result.structuredContent).to.deep.equal({ result: expected });
    expect(JSON.parse((result.content[0] as { text: string }).text)).to.deep.equal(expected);
  });

  it("returns an object result as structuredContent directly", async () => {
    const result = await call("constraints", { code: "ABC-12", email: "a@example.com" });
    expect(result.structuredContent).to.deep.equal({ accepted: true, at: "2026-01-01T00:00:00.000Z" });
  });

  it("returns a number as { result: n } and undefined as { result: null }", async () => {
    expect((await call("primitives", { text: "a", count: 1, flag: true, nothing: null, anything: [1] })).structuredContent).to.deep.equal({ result: 6 });
    expect((await call("optional", { name: null })).structuredContent).to.deep.equal({ result: null });
  });

  it("passes schema defaults to positional parameters", async () => {
    const result = await call("optional", { name: "x" });
    expect(result.structuredContent).to.deep.equal({ result: { home: { street: "none", city: "25" }, tags: { exact: "true" } } });
  });

  it("hands Date parameters to the method as Dates: top level, nested, in arrays and in recursive types", async () => {
    const at = (day: number) => `2026-02-0${day}T00:00:00.000Z`;
    const result = await call("dates", {
      since: at(1),
      range: { from: at(2), to: null },
      events: [{ at: at(3) }],
      thread: { at: at(4), replies: [{ at: at(5), replies: [] }] },
    });
    expect(result.structuredContent).to.deep.equal({ result: [`Date ${at(1)}`, `Date ${at(2)}`, "not a Date: null", `Date ${at(3)}`, `Date ${at(4)}`, `Date ${at(5)}`] });
  });

  it("passes the arguments object to a destructured parameter, with defaults and Dates", async () => {
    expect(tools.get("destructured")!.inputSchema).to.deep.equal(golden.destructured.input);
    const result = await call("destructured", { query: "q", since: "2026-04-01T00:00:00.000Z" });
    expect(result.content).to.deep.equal([{ type: "text", text: "q 5 2026-04-01T00:00:00.000Z" }]);
  });

  it("rejects a Date argument that is not an ISO date-time", async () => {
    const result = await call("dates", { since: "yesterday" });
    expect(result.isError).to.equal(true);
    expect((result.content[0] as { text: string }).text).to.contain('argument "since" must match format "date-time"');
  });

  it("describes a prompt's arguments from the JSDoc @param tags", () => {
    const definition = generatedPromptDefinition(CatalogTools, { kind: "prompt", methodName: "summarise", name: "summarise" }, CatalogTools.prototype.summarise);
    expect(definition).to.deep.equal({
      description: "Ask for a summary.",
      arguments: [
        { name: "topic", required: true, description: "What to summarise." },
        { name: "tone", required: false, description: "How long." },
      ],
    });
  });

  it("lists a prompt with its JSDoc description and argument descriptions", async () => {
    const { prompts } = await test.client.listPrompts();
    expect(prompts.find((p) => p.name === "summarise")).to.deep.equal({
      name: "summarise",
      description: "Ask for a summary.",
      arguments: [
        { name: "topic", required: true, description: "What to summarise." },
        { name: "tone", required: false, description: "How long." },
      ],
    });
  });

  it("lists a resource template with its JSDoc description", async () => {
    const { resourceTemplates } = await test.client.listResourceTemplates();
    expect(resourceTemplates.find((t) => t.uriTemplate === "catalog://{id}")?.description).to.equal("One product as JSON.");
  });

  it("serves a prompt the generator had nothing to record for", async () => {
    const result = await test.client.getPrompt({ name: "greeting" });
    expect(result.messages).to.deep.equal([{ role: "user", content: { type: "text", text: "Hello" } }]);
  });

  it("rejects arguments that break generated constraints, naming the argument path", async () => {
    const tooMany = await call("search", { query: "q", limit: 1000 });
    expect(tooMany.isError).to.equal(true);
    expect((tooMany.content[0] as { text: string }).text).to.contain('argument "limit" must be <= 100');
    const fraction = await call("search", { query: "q", filters: { minPrice: 1.5 } });
    expect((fraction.content[0] as { text: string }).text).to.contain('argument "filters.minPrice" must be integer');
    const badEnum = await call("search", { query: "q", sort: "colour" });
    expect((badEnum.content[0] as { text: string }).text).to.contain('"price", "name"');
    const badCode = await call("constraints", { code: "abc", email: "a@example.com" });
    expect((badCode.content[0] as { text: string }).text).to.contain('argument "code"');
  });
});
