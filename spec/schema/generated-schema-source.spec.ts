import { expect } from "chai";
import { McpApplication, registerGeneratedSchemas, StaleSchemaError, Tool, type GeneratedHandlerSchema } from "../../lib/index.js";
import { schemaModuleUrl } from "../../lib/schema/generated-module-loader.js";
import { createTestClient } from "../../lib/testing/index.js";

const input = (properties: Record<string, object>, required: string[] = []) => ({ type: "object", properties, required, additionalProperties: false });

/** A generated entry as `mcpkit schema` would write it. */
function tool(parameters: string[], schema: object, extra: Partial<GeneratedHandlerSchema> = {}): GeneratedHandlerSchema {
  return { kind: "tool", parameters, input: schema as Record<string, unknown>, ...extra };
}

describe("generated schema source", () => {
  it("uses registered schemas: positional binding, defaults from the schema, description", async () => {
    class Greeter {
      @Tool() async greet(name: string, times = 1) { return `${name} x${times}`; }
    }
    registerGeneratedSchemas(Greeter, { greet: tool(["name", "times"], input({ name: { type: "string" }, times: { type: "integer", default: 1 } }, ["name"]), { description: "Say hello." }) });
    const test = await createTestClient({ name: "t", services: [Greeter], onWarning: () => expect.fail("no warning expected") });
    try {
      const [listed] = (await test.client.listTools()).tools;
      expect(listed!.description).to.equal("Say hello.");
      expect(listed!.inputSchema.properties).to.have.property("times");
      const result = await test.client.callTool({ name: "greet", arguments: { name: "Ada" } });
      expect(result.content).to.deep.equal([{ type: "text", text: "Ada x1" }]);
    } finally {
      await test.close();
    }
  });

  it("fails start-up with a clear message when parameters changed since generation", async () => {
    class Renamed {
      @Tool() async find(query: string, limit = 5) { return `${query}${limit}`; }
    }
    registerGeneratedSchemas(Renamed, { find: tool(["text", "limit"], input({ text: { type: "string" }, limit: { type: "number", default: 5 } }, ["text"])) });
    const app = new McpApplication({ name: "t", services: [Renamed] });
    const error = await app.start().then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(StaleSchemaError);
    expect((error as Error).message).to.equal(
      "Generated schema for Renamed.find is stale: it was generated for parameters (text, limit) but the method takes (query, limit). Fix: run `npx mcpkit schema` (`npm run build` does) and rebuild.",
    );
    await app.close();
  });

  it("detects a changed default and a parameter that gained one", async () => {
    class Defaults {
      @Tool() async a(limit = 20) { return limit; }
    }
    registerGeneratedSchemas(Defaults, { a: tool(["limit"], input({ limit: { type: "number", default: 10 } })) });
    const message = await new McpApplication({ name: "t", services: [Defaults] }).start().then(() => "", (e: Error) => e.message);
    expect(message).to.contain('Defaults.a is stale: parameter "limit" defaults to 20 but the schema says 10');
    class Gained {
      @Tool() async b(limit = 3) { return limit; }
    }
    registerGeneratedSchemas(Gained, { b: tool(["limit"], input({ limit: { type: "number" } }, ["limit"])) });
    const second = await new McpApplication({ name: "t", services: [Gained] }).start().then(() => "", (e: Error) => e.message);
    expect(second).to.contain('Gained.b is stale: parameter "limit" now has a default but the schema still requires it');
  });

  it("binds a destructured parameter to the whole arguments object, and notices when it stops being one", async () => {
    class Objects {
      @Tool() async make({ name, size }: { name: string; size: number }) { return `${name}:${size}`; }
      @Tool() async changed(name: string) { return name; }
    }
    const schema = input({ name: { type: "string" }, size: { type: "number", default: 2 } }, ["name"]);
    registerGeneratedSchemas(Objects, { make: tool([], schema, { binding: "object" }), changed: tool([], schema, { binding: "object" }) });
    const message = await new McpApplication({ name: "t", services: [Objects] }).start().then(() => "", (e: Error) => e.message);
    expect(message).to.contain("Objects.changed is stale: it was generated for one destructured parameter but the method takes (name)");
    class Fine {
      @Tool() async make({ name, size }: { name: string; size: number }) { return `${name}:${size}`; }
    }
    registerGeneratedSchemas(Fine, { make: tool([], schema, { binding: "object" }) });
    const test = await createTestClient({ name: "t", services: [Fine] });
    try {
      expect((await test.client.callTool({ name: "make", arguments: { name: "box" } })).content).to.deep.equal([{ type: "text", text: "box:2" }]);
    } finally {
      await test.close();
    }
  });

  it("detects a tool added to a class after its schemas were generated", async () => {
    class Grown {
      @Tool() async old(x: string) { return x; }
      @Tool() async added(y: string) { return y; }
    }
    registerGeneratedSchemas(Grown, { old: tool(["x"], input({ x: { type: "string" } }, ["x"])) });
    const message = await new McpApplication({ name: "t", services: [Grown] }).start().then(() => "", (e: Error) => e.message);
    expect(message).to.contain("Grown.added is stale: the generated module has no tool schema for this method");
  });

  it("lets an explicit schema win over a generated one", async () => {
    class Explicit {
      @Tool({ input: { type: "object", properties: { q: { type: "string" } } } }) async search(args: { q: string }) { return args.q; }
    }
    registerGeneratedSchemas(Explicit, { search: tool(["args"], input({ args: { type: "object" } }, ["args"])) });
    const test = await createTestClient({ name: "t", services: [Explicit] });
    try {
      const [listed] = (await test.client.listTools()).tools;
      expect(listed!.inputSchema).to.deep.equal({ type: "object", properties: { q: { type: "string" } } });
      expect((await test.client.callTool({ name: "search", arguments: { q: "hi" } })).content).to.deep.equal([{ type: "text", text: "hi" }]);
    } finally {
      await test.close();
    }
  });

  it("falls back to reflection with one warning line that says how to get full schemas", async () => {
    class Plain {
      @Tool() async a(x: string) { return x; }
      @Tool() async b(y: number) { return y; }
    }
    const warnings: string[] = [];
    const test = await createTestClient({ name: "t", services: [Plain], onWarning: (m) => warnings.push(m) });
    await test.close();
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.not.contain("\n");
    expect(warnings[0]).to.contain("Plain.a, Plain.b have no generated schema and use reflection");
    expect(warnings[0]).to.contain("npx mcpkit schema");
  });

  it("finds the generated module beside the compiled class module, or beside the .ts source under a TypeScript runner", () => {
    expect(schemaModuleUrl("file:///app/dist/tools/user-tools.js")).to.equal("file:///app/dist/tools/user-tools.schema.js");
    expect(schemaModuleUrl("file:///app/dist/tools.mjs")).to.equal("file:///app/dist/tools.schema.mjs");
    expect(schemaModuleUrl("file:///app/src/tools.ts")).to.equal("file:///app/src/tools.schema.ts");
    expect(schemaModuleUrl("file:///app/src/tools.tsx")).to.equal(undefined);
  });
});
