import { expect } from "chai";
import { compose, type Middleware } from "../../lib/index.js";

describe("compose", () => {
  it("runs middleware outside-in around the terminal and returns its result outward", async () => {
    const trace: string[] = [];
    const step = (name: string): Middleware<string[], string> => async (_call, next) => {
      trace.push(`${name}>`);
      const result = await next();
      trace.push(`<${name}`);
      return `${name}(${result})`;
    };
    const run = compose([step("a"), step("b")], async () => {
      trace.push("method");
      return "x";
    });
    expect(await run([])).to.equal("a(b(x))");
    expect(trace).to.deep.equal(["a>", "b>", "method", "<b", "<a"]);
  });

  it("lets a step answer without calling the rest of the chain", async () => {
    let reached = false;
    const run = compose<null, string>([async () => "short-circuit"], async () => {
      reached = true;
      return "terminal";
    });
    expect(await run(null)).to.equal("short-circuit");
    expect(reached).to.equal(false);
  });

  it("rejects a step that calls next() twice instead of running the method twice", async () => {
    let calls = 0;
    const run = compose<null, number>([async (_c, next) => (await next()) + (await next())], async () => ++calls);
    let error: unknown;
    try {
      await run(null);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error).with.property("message", "next() called more than once in one middleware");
    expect(calls).to.equal(1);
  });

  it("turns a step that throws synchronously into a rejection", async () => {
    const run = compose<null, number>([(() => {
      throw new Error("boom");
    }) as unknown as Middleware<null, number>], async () => 1);
    let message = "";
    await run(null).catch((e: Error) => (message = e.message));
    expect(message).to.equal("boom");
  });

  it("refuses a middleware list with something that is not a function when built", () => {
    expect(() => compose([42 as unknown as Middleware<null, number>], async () => 1)).to.throw(TypeError, /position 0 is number/);
  });
});
