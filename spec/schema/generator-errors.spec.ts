import { expect } from "chai";
import { generateSchemas } from "../../lib/schema/generator/generate-schemas.js";
import { SchemaGenerationError } from "../../lib/index.js";
import { tempProject, type TempProject } from "./support.js";

/** Generates one class whose single tool has the given signature; returns the errors' messages. */
function errorsFor(project: TempProject, members: string, prelude = ""): string[] {
  project.write("tools.ts", `import { Tool } from MCPKIT;\n${prelude}\nexport class Tools {\n${members}\n}\n`);
  const result = generateSchemas({ project: project.tsconfig });
  for (const error of result.errors) expect(error).to.be.instanceOf(SchemaGenerationError);
  return result.errors.map((e) => e.message);
}

describe("schema generator: errors", function () {
  this.timeout(60_000);
  let project: TempProject;
  beforeEach(() => (project = tempProject()));
  afterEach(() => project.remove());

  it("names the file, line, method and parameter of an inexpressible type, with the explicit-schema fix", () => {
    const [message, ...rest] = errorsFor(project, `  @Tool()\n  async run(name: string, callback: (x: number) => void) { return name; }`);
    expect(rest).to.deep.equal([]);
    expect(message).to.match(/^src\/tools\.ts:5 Tools\.run, parameter "callback": the function type .* has no JSON form\. Fix: .*@Tool\(\{ input: /);
  });

  it("rejects built-ins with no JSON form, bigint and symbols", () => {
    const messages = errorsFor(project, [
      "  @Tool() async a(m: Map<string, number>) { return m.size; }",
      "  @Tool() async b(n: bigint) { return String(n); }",
      "  @Tool() async c(s: symbol) { return String(s); }",
    ].join("\n"));
    expect(messages).to.have.length(3);
    expect(messages[0]).to.contain('Tools.a, parameter "m": the built-in type Map<string, number> has no JSON form');
    expect(messages[1]).to.contain('Tools.b, parameter "n": `bigint` has no JSON form');
    expect(messages[2]).to.contain('Tools.c, parameter "s": a symbol has no JSON form');
  });

  it("names the property path inside a nested type", () => {
    const [message] = errorsFor(project, "  @Tool() async a(job: Job) { return job.name; }", "interface Job { name: string; run: Map<string, string> }");
    expect(message).to.contain('parameter "job": property "run" of Job: the built-in type Map<string, string> has no JSON form');
  });

  it("rejects destructuring beside other parameters, rest parameters, and uninstantiated type parameters", () => {
    const messages = errorsFor(project, [
      "  @Tool() async a({ x }: { x: string }, y: string) { return x + y; }",
      "  @Tool() async b(...xs: string[]) { return xs; }",
      "  @Tool() async c<T>(value: T) { return String(value); }",
    ].join("\n"));
    expect(messages[0]).to.contain("Tools.a, parameter 1: it is destructured or a rest parameter");
    expect(messages[1]).to.contain("Tools.b, parameter 1: it is destructured or a rest parameter");
    expect(messages[2]).to.contain('Tools.c, parameter "value": the type parameter T is not instantiated');
  });

  it("rejects a destructured parameter whose type is not an object", () => {
    const [message] = errorsFor(project, "  @Tool() async a({ length }: string) { return length; }");
    expect(message).to.contain("Tools.a, its destructured parameter: its type string is not an object type");
  });

  it("reports an inexpressible return type with the explicit output fix", () => {
    const [message] = errorsFor(project, "  @Tool() async a() { return new Map<string, number>(); }");
    expect(message).to.contain("Tools.a, the return type: the built-in type Map<string, number> has no JSON form");
    expect(message).to.contain("@Tool({ output: ");
  });

  it("reports a malformed constraint tag and a @default that disagrees with the parameter's default", () => {
    const messages = errorsFor(project, [
      "  /** @param n @minimum lots */",
      "  @Tool() async a(n: number) { return n; }",
      "  /** @param n @default 5 */",
      "  @Tool() async b(n = 10) { return n; }",
      "  /** @param s @pattern ([a-z */",
      "  @Tool() async c(s: string) { return s; }",
    ].join("\n"));
    expect(messages[0]).to.contain('Tools.a, parameter "n": @minimum needs a number, got "lots"');
    expect(messages[1]).to.contain('Tools.b, parameter "n": the JSDoc @default 5 disagrees with the parameter\'s default 10');
    expect(messages[2]).to.contain('Tools.c, parameter "s": @pattern "([a-z" is not a valid regular expression');
  });

  it("does not fail on a parameter an explicit input schema covers", () => {
    expect(errorsFor(project, "  @Tool({ input: { type: \"object\" } }) async a(args: { m: Map<string, number> }) { return String(args.m.size); }")).to.deep.equal([]);
  });

  it("stops on a generic that grows at every level instead of hanging", () => {
    const [message] = errorsFor(project, "  @Tool() async a(node: Grow<string>) { return String(node); }", "interface Grow<T> { value: T; next?: Grow<T[]> }");
    expect(message).to.match(/Tools\.a, parameter "node": .*(nests more than|more than \d+ named definitions)/);
  });

  it("generates for a class that is not exported (found by name), and warns about an anonymous one", () => {
    project.write("tools.ts", `import { Tool } from MCPKIT;\nclass Hidden {\n  @Tool() async a(x: string) { return x; }\n}\nvoid Hidden;\n`);
    project.write("anonymous.ts", `import { Tool } from MCPKIT;\nexport default class {\n  @Tool() async a(x: string) { return x; }\n}\n`);
    const result = generateSchemas({ project: project.tsconfig });
    expect(result.errors).to.deep.equal([]);
    expect(result.modules.map((m) => m.classes.map((c) => c.className))).to.deep.equal([["Hidden"]]);
    expect(result.warnings).to.have.length(1);
    expect(result.warnings[0]).to.contain("src/anonymous.ts: an anonymous class declares tools");
  });

  it("ignores a decorator that merely shares the name Tool", () => {
    project.write("tools.ts", `function Tool(): MethodDecorator { return () => undefined; }\nexport class Tools {\n  @Tool() async a(m: Map<string, string>) { return m; }\n}\n`);
    const result = generateSchemas({ project: project.tsconfig });
    expect(result.errors).to.deep.equal([]);
    expect(result.modules).to.deep.equal([]);
  });
});
