import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { summarize } from "../../../lib/testing/index.js";
import type { BenchReport, BenchSuite } from "../bench-suite.js";

const LIBRARY = fileURLToPath(new URL("../../../lib/index.js", import.meta.url)).replace(`${path.sep}dist${path.sep}`, path.sep);
const FILES = 10;
const TOOLS_PER_FILE = 5;

/** One source file of the synthetic project: five tools with interfaces, enums, arrays, defaults and JSDoc. */
function toolFile(n: number): string {
  const methods = Array.from({ length: TOOLS_PER_FILE }, (_, i) => `
  /**
   * Find things, variant ${i}.
   * @param query Words to look for. @minLength 1
   * @param limit How many, at most. @minimum 1 @maximum 100 @integer
   * @param filter Narrows the results.
   */
  @Tool()
  async find${i}(query: string, limit = 20, sort?: "name" | "date", filter?: Filter${n}, tags: string[] = []): Promise<Page${n}<Item${n}>> {
    return { items: [], total: limit + tags.length + (filter ? 1 : 0) + (sort ? 1 : 0) + query.length, next: null };
  }`).join("\n");
  return `import { Tool } from ${JSON.stringify(LIBRARY)};

/** What to narrow by. */
export interface Filter${n} { /** Lowest price. @minimum 0 */ minPrice?: number; inStock?: boolean; colour?: Colour${n} }
export enum Colour${n} { Red = "red", Green = "green" }
export interface Item${n} { id: string; title: string; price: number; updated: Date; parts: Item${n}[] }
export interface Page${n}<T> { items: T[]; total: number; next: string | null }

export class Tools${n} {${methods}
}
`;
}

/** Measures `mcpkit schema` extraction on a synthetic project of 50 tools in 10 files. */
export const schemaSuite: BenchSuite = {
  name: "schema generation (50 tools)",
  async run(report: BenchReport) {
    const dir = mkdtempSync(path.join(tmpdir(), "mcpkit-schema-bench-"));
    try {
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, types: [], noEmit: true },
        include: ["src"],
      }));
      mkdirSync(path.join(dir, "src"));
      for (let n = 0; n < FILES; n++) writeFileSync(path.join(dir, "src", `tools-${n}.ts`), toolFile(n));

      let started = performance.now();
      const { generateSchemas } = await import("../../../lib/schema/generator/generate-schemas.js");
      report.line(`loading the generator (TypeScript compiler API): ${((performance.now() - started) / 1000).toFixed(2)} s`);
      const runs: number[] = [];
      let tools = 0;
      for (let i = 0; i < 3; i++) {
        started = performance.now();
        const result = generateSchemas({ project: path.join(dir, "tsconfig.json") });
        runs.push(performance.now() - started);
        if (result.errors.length > 0) throw new Error(`schema bench: ${result.errors[0]!.message}`);
        tools = result.modules.reduce((sum, m) => sum + m.classes.reduce((s, c) => s + Object.keys(c.handlers).length, 0), 0);
      }
      report.line(`${tools} tools in ${FILES} files, ${runs.length} runs: first ${(runs[0]! / 1000).toFixed(2)} s, then ${runs.slice(1).map((r) => (r / 1000).toFixed(2)).join(" s, ")} s`);
      report.stats("extraction of 50 tools (ms per run)", summarize(runs, runs.reduce((a, b) => a + b, 0)));

      // What start-up pays for generated schemas: importing the module that registers them.
      started = performance.now();
      await import("../../../spec/schema/fixtures/catalog-tools.schema.js");
      report.line(`start-up cost: importing a generated module (14 handlers): ${(performance.now() - started).toFixed(1)} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
