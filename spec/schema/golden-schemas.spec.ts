import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { generateSchemas, type GenerateResult } from "../../lib/schema/generator/generate-schemas.js";
import { ROOT } from "./support.js";

const FIXTURE = path.join(ROOT, "spec/schema/fixtures/catalog-tools.ts");
const GOLDEN = path.join(ROOT, "spec/schema/golden/catalog-tools.json");

/** Every JSON Schema in a golden file, named for messages. */
function schemasIn(golden: Record<string, { input?: object; output?: object }>): [string, object][] {
  return Object.entries(golden).flatMap(([method, h]) => [
    ...(h.input ? [[`${method}.input`, h.input] as [string, object]] : []),
    ...(h.output ? [[`${method}.output`, h.output] as [string, object]] : []),
  ]);
}

describe("schema generator: golden schemas", function () {
  this.timeout(60_000);
  let result: GenerateResult;
  const golden = JSON.parse(readFileSync(GOLDEN, "utf8"));

  before(() => {
    result = generateSchemas({ project: path.join(ROOT, "tsconfig.json"), include: [FIXTURE] });
  });

  it("generates without errors or warnings", () => {
    expect(result.errors.map((e) => e.message)).to.deep.equal([]);
    expect(result.warnings).to.deep.equal([]);
    expect(result.modules).to.have.length(1);
  });

  it("matches the golden schemas for every type form", () => {
    const handlers = result.modules[0]!.classes[0]!.handlers;
    for (const method of Object.keys(golden)) expect(handlers[method], method).to.deep.equal(golden[method]);
    expect(Object.keys(handlers)).to.deep.equal(Object.keys(golden));
  });

  it("golden schemas are valid JSON Schema 2020-12 and compile in strict mode", () => {
    // strictTuples is a lint against optional tuple elements, which `[string, number?]` has on purpose.
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, strictTuples: false });
    ajv.addFormat("email", true).addFormat("date-time", true);
    for (const [name, schema] of schemasIn(golden)) {
      expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText(ajv.errors)}`).to.equal(true);
      expect(() => ajv.compile(schema), name).not.to.throw();
    }
  });

  it("the committed generated module is what the generator writes (deterministic output)", () => {
    const again = generateSchemas({ project: path.join(ROOT, "tsconfig.json"), include: [FIXTURE] });
    const module = result.modules[0]!;
    expect(again.modules[0]!.content).to.equal(module.content);
    expect(readFileSync(module.path, "utf8")).to.equal(module.content);
  });

  it("maps a search signature: required query, integer limit with bounds and default, enum sort, nested filters, array output", () => {
    const search = golden.search;
    expect(search.input.required).to.deep.equal(["query"]);
    expect(search.input.properties.query).to.deep.equal({ type: "string", description: "Words to look for." });
    expect(search.input.properties.limit).to.include({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    expect(search.input.properties.sort).to.include({ type: "string" }).and.to.have.deep.property("enum", ["price", "name"]);
    expect(search.input.properties.filters.properties.minPrice).to.include({ type: "integer", description: "Lowest price, in cents." });
    expect(search.output).to.include({ type: "array" });
    expect(search.output.items.properties.updated).to.deep.equal({ type: "string", format: "date-time" });
  });

  it("keeps shared and recursive types under $defs and inlines types used once", () => {
    expect(Object.keys(golden.shared.input.$defs)).to.deep.equal(["Address"]);
    expect(golden.shared.input.properties.billing).to.deep.equal({ $ref: "#/$defs/Address" });
    expect(golden.tree.input.$defs.Category.properties.children.items).to.deep.equal({ $ref: "#/$defs/Category" });
    expect(golden.search.input.$defs).to.equal(undefined);
  });
});
