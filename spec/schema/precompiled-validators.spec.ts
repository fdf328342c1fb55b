import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { argumentValidatorOf, compileArgumentValidator, type AjvValidate } from "../../lib/schema/argument-validator.js";
import type { GeneratedSchemaModule } from "../../lib/schema/generated-schemas.js";
import * as catalog from "./fixtures/catalog-tools.schema.js";
import { StdioProcess } from "../performance/support/server-process.js";
import { ROOT } from "./support.js";

const generated = catalog as unknown as { default: GeneratedSchemaModule; validators: (require: NodeJS.Require) => Record<string, AjvValidate> };

/** Arguments that break each property's schema in some way, plus a few whole-object mistakes. */
function probes(input: { properties?: Record<string, unknown> }): unknown[] {
  const wrong = [[], 1.5, -3, "x", "", true, null, {}, { unknown: 1 }, "not-a-date"];
  const perProperty = Object.keys(input.properties ?? {}).flatMap((name) => wrong.map((value) => ({ [name]: value })));
  return [{}, null, "text", 7, [], { surplus: true }, ...perProperty];
}

describe("validators compiled ahead of time into generated modules", () => {
  it("find the same problems, and fill in the same defaults, as Ajv compiling the schema at start-up", () => {
    const precompiled = generated.validators(createRequire(import.meta.url));
    const tools = Object.entries(generated.default.classes.CatalogTools!).filter(([, h]) => h.kind === "tool" && h.input);
    expect(Object.keys(precompiled).sort()).to.deep.equal(tools.map(([method]) => `CatalogTools.${method}`).sort());
    for (const [method, handler] of tools) {
      const ahead = argumentValidatorOf(precompiled[`CatalogTools.${method}`]!);
      const atStart = compileArgumentValidator(handler.input!);
      for (const probe of probes(handler.input as { properties?: Record<string, unknown> })) {
        const [a, b] = [structuredClone(probe), structuredClone(probe)];
        expect(ahead(a), `${method} ${JSON.stringify(probe)}`).to.deep.equal(atStart(b));
        expect(a, `${method} defaults for ${JSON.stringify(probe)}`).to.deep.equal(b);
      }
    }
  });

  describe("a stdio server whose tools all have generated validators", function () {
    this.timeout(20_000);
    const dir = mkdtempSync(path.join(tmpdir(), "mcpkit-ajv-"));
    const report = path.join(dir, "loaded.txt");
    let server: StdioProcess;
    let loaded: string[];

    before(async () => {
      // Preloaded into the server: on exit, writes the CommonJS modules it loaded (Ajv is one).
      const preload = path.join(dir, "report-modules.mjs");
      writeFileSync(preload, `import { createRequire } from "node:module"; import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(report)}, Object.keys(createRequire(import.meta.url).cache).join("\\n")));\n`);
      const script = path.join(ROOT, "dist/samples/bench/servers/mcpkit-echo.js");
      server = await StdioProcess.start(script, { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("validates arguments with them and never loads Ajv", async () => {
      const bad = await server.request({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { txt: "hi" } } });
      const good = await server.request({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "hi" } } });
      await server.close();
      loaded = readFileSync(report, "utf8").split("\n");
      expect(JSON.stringify(bad)).to.include('missing required argument \\"text\\"').and.include('unknown argument \\"txt\\"');
      expect((good.result as { content: { text: string }[] }).content[0]!.text).to.equal("hi");
      expect(loaded.some((file) => file.includes(`${path.sep}tsyringe${path.sep}`)), "the report lists CommonJS modules").to.equal(true);
      expect(loaded.filter((file) => /[\\/]ajv[\\/]dist[\\/](core|compile)/.test(file))).to.deep.equal([]);
    });
  });
});
