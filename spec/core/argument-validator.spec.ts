import { expect } from "chai";
import { compileArgumentValidator } from "../../lib/index.js";

describe("compileArgumentValidator", () => {
  const validate = compileArgumentValidator({
    type: "object",
    properties: {
      id: { type: "string" },
      limit: { type: "integer", minimum: 1, default: 10 },
      sort: { enum: ["name", "price"] },
      filter: { type: "object", properties: { tag: { type: "string" } }, additionalProperties: false },
    },
    required: ["id"],
    additionalProperties: false,
  });

  it("accepts valid arguments and fills in defaults", () => {
    const args: Record<string, unknown> = { id: "a" };
    expect(validate(args)).to.equal(null);
    expect(args.limit).to.equal(10);
  });

  it("names a missing required argument", () => {
    expect(validate({})).to.deep.equal(['missing required argument "id"']);
  });

  it("names an argument of the wrong type", () => {
    expect(validate({ id: 5 })).to.deep.equal(['argument "id" must be string']);
  });

  it("names an unknown argument", () => {
    expect(validate({ id: "a", idd: 1 })).to.deep.equal(['unknown argument "idd"']);
  });

  it("lists the allowed values of an enum", () => {
    expect(validate({ id: "a", sort: "date" })).to.deep.equal(['argument "sort" must be one of "name", "price"']);
  });

  it("gives the path of a nested argument", () => {
    expect(validate({ id: "a", filter: { tag: 1, other: true } })).to.have.members(['argument "filter.tag" must be string', 'unknown argument "filter.other"']);
  });

  it("reports every problem at once", () => {
    expect(validate({ limit: 0 })).to.have.length(2);
  });
});
