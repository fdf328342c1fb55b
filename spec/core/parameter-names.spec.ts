import { expect } from "chai";
import { parseParameters } from "../../lib/index.js";

describe("parseParameters", () => {
  it("reads the names of an async method's parameters", () => {
    class A {
      async m(id: string, count: number) {
        return [id, count];
      }
    }
    expect(parseParameters(A.prototype.m).map((p) => p.name)).to.deep.equal(["id", "count"]);
  });

  it("reads literal defaults, including ones with commas and brackets inside", () => {
    class A {
      async m(a = 20, b = "x, (y)", c = 'q', d = true, e = [1, 2], f = { k: 1 }) {
        return [a, b, c, d, e, f];
      }
    }
    const params = parseParameters(A.prototype.m);
    expect(params.map((p) => p.name)).to.deep.equal(["a", "b", "c", "d", "e", "f"]);
    expect(params.map((p) => p.defaultValue)).to.deep.equal([20, "x, (y)", "q", true, [1, 2], undefined]);
    expect(params.every((p) => p.hasDefault)).to.equal(true);
  });

  it("gives no name to destructured and rest parameters", () => {
    class A {
      async m({ a }: { a: number }, ...rest: number[]) {
        return [a, rest];
      }
    }
    expect(parseParameters(A.prototype.m).map((p) => p.name)).to.deep.equal([null, null]);
  });

  it("ignores comments between parameters", () => {
    const fn = new Function("return async function m(a /* first ) */, // second\n b) {}")() as Function;
    expect(parseParameters(fn).map((p) => p.name)).to.deep.equal(["a", "b"]);
  });

  it("returns nothing for a method without parameters", () => {
    class A {
      async m() {
        return 1;
      }
    }
    expect(parseParameters(A.prototype.m)).to.deep.equal([]);
  });
});
