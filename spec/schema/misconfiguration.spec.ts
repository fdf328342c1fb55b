import { expect } from "chai";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { generateSchemas } from "../../lib/schema/generator/generate-schemas.js";
import { McpApplication, Service, Tool } from "../../lib/index.js";
import { tsyringe } from "../../lib/runtime/commonjs.js";
import { tempProject, type TempProject } from "./support.js";

describe("misconfiguration fails fast and says why", function () {
  this.timeout(60_000);

  describe("the schema CLI", () => {
    let project: TempProject;
    beforeEach(() => {
      project = tempProject();
      project.write("tools.ts", `import { Tool } from MCPKIT;\nexport class Tools {\n  @Tool() async ping(): Promise<string> { return "pong"; }\n}\n`);
    });
    afterEach(() => project.remove());
    const withOptions = (options: Record<string, unknown>) =>
      writeFileSync(project.tsconfig, JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], noEmit: true, ...options }, include: ["src"] }));

    it("without experimentalDecorators, names the option to set", () => {
      withOptions({ emitDecoratorMetadata: true });
      expect(() => generateSchemas({ project: project.tsconfig })).to.throw(/does not set "experimentalDecorators": true\. .*Fix: add "experimentalDecorators": true and "emitDecoratorMetadata": true/);
    });

    it("in a CommonJS project, says mcpkit is ESM-only and what to change", () => {
      withOptions({ experimentalDecorators: true, module: "CommonJS", moduleResolution: "node10" });
      expect(() => generateSchemas({ project: project.tsconfig })).to.throw(/compiles to CommonJS modules, and mcpkit is an ES module package.*Fix: set "module": "NodeNext"/);
    });

    it("in a NodeNext project whose package.json is not ESM, asks for \"type\": \"module\"", () => {
      withOptions({ experimentalDecorators: true });
      writeFileSync(path.join(project.dir, "package.json"), JSON.stringify({ name: "x", type: "commonjs" }));
      expect(() => generateSchemas({ project: project.tsconfig })).to.throw(/tools\.ts compiles to CommonJS .*Fix: add "type": "module" to package\.json/);
    });
  });

  describe("a server compiled without emitDecoratorMetadata and without a generated module", () => {
    @Service()
    class Itinerary {
      stops(): string[] {
        return ["Oslo"];
      }
    }
    @Service()
    class TripTools {
      constructor(private readonly itinerary: Itinerary) {}
      @Tool() async trip(): Promise<string> {
        return this.itinerary.stops().join();
      }
    }
    before(() => {
      // What tsc without emitDecoratorMetadata leaves: no design:paramtypes, so tsyringe knows no parameter types.
      Reflect.deleteMetadata("design:paramtypes", TripTools);
      tsyringe.injectable()(TripTools);
    });

    it("fails at startup naming the class, the missing compiler option and the fixes", async () => {
      const app = new McpApplication({ name: "trips", services: [TripTools], onWarning: () => undefined });
      const failure = await app.start().then(() => undefined, (error: Error) => error);
      expect(failure?.message).to.equal(
        'Cannot inject the constructor of TripTools: the compiler (no "emitDecoratorMetadata": true in tsconfig.json, or a bundler) recorded no constructor parameter types (decorator metadata), and no generated module records them. ' +
          'Fix: run `npx mcpkit schema` (its module records them, and the server reads it at startup), or compile with tsc and "emitDecoratorMetadata": true, or name each parameter with @inject(Token).',
      );
      await app.close();
    });
  });
});
