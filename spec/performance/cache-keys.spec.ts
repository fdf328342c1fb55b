import { expect } from "chai";
import { ToolResult, decodeValue, encodeValue, parseDuration, stableArgsKey, stableKey } from "../../lib/index.js";

describe("cache keys, durations and stored values", () => {
  it("gives equal keys for equal values whatever the order of object keys", () => {
    expect(stableKey({ b: 1, a: { d: [1, 2], c: "x" } })).to.equal(stableKey({ a: { c: "x", d: [1, 2] }, b: 1 }));
    expect(stableKey(new Map([["b", 1], ["a", 2]]))).to.equal(stableKey(new Map([["a", 2], ["b", 1]])));
    expect(stableKey(new Set([2, 1]))).to.equal(stableKey(new Set([1, 2])));
  });

  it("keeps apart values JSON would merge", () => {
    const values = [undefined, null, "null", 1, "1", NaN, [1], [[1]], new Date(0), "1970-01-01T00:00:00.000Z", 1n, true, "true", {}, []];
    expect(new Set(values.map(stableKey)).size).to.equal(values.length);
    expect(stableKey([1, 2])).to.not.equal(stableKey([2, 1]));
  });

  it("ignores trailing undefined arguments and undefined object fields", () => {
    expect(stableArgsKey(["a"])).to.equal(stableArgsKey(["a", undefined]));
    expect(stableArgsKey(["a"])).to.equal(stableKey(["a"]));
    expect(stableKey({ a: 1, b: undefined })).to.equal(stableKey({ a: 1 }));
  });

  it("refuses values without a stable form and says where they are", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableKey({ f: () => 1 })).to.throw(TypeError, "value.f is a function");
    expect(() => stableKey(cyclic)).to.throw(TypeError, "value.self refers to itself");
  });

  it("reads durations as milliseconds or unit strings, and nothing else", () => {
    expect([250, "250ms", "30s", "5m", "2h", "1d", "1.5s"].map((d) => parseDuration(d))).to.deep.equal([250, 250, 30_000, 300_000, 7_200_000, 86_400_000, 1500]);
    for (const bad of ["soon", "5 minutes", "-1s", -5, Infinity, ""]) expect(parseDuration(bad), String(bad)).to.equal(undefined);
  });

  it("stores values outside the process and reads them back with their types, never reviving code", () => {
    const value = { when: new Date(5), ids: new Set([1]), m: new Map([[1, "a"]]), n: 2n, u: undefined, inf: -Infinity, bytes: new Uint8Array([1, 2]), $mcpkit: "x", nested: [{ __proto__x: 1 }] };
    expect(decodeValue(encodeValue(value))).to.deep.equal(value);
    const result = decodeValue(encodeValue(ToolResult.error("nope"))) as ToolResult;
    expect(result).to.be.instanceOf(ToolResult);
    expect(result.result).to.deep.equal({ content: [{ type: "text", text: "nope" }], isError: true });
    const polluted = decodeValue('{"__proto__":{"admin":true}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).admin).to.equal(undefined);
    expect(Object.getPrototypeOf(polluted)).to.equal(Object.prototype);
    expect(() => encodeValue({ f: () => 1 })).to.throw(TypeError, "value.f is a function");
  });
});
