import { expect } from "chai";
import { generateSchemas } from "../../lib/schema/generator/generate-schemas.js";
import { tempProject, type TempProject } from "./support.js";

describe("schema generator: the same sources give the same bytes", function () {
  this.timeout(60_000);
  let project: TempProject;
  beforeEach(() => (project = tempProject()));
  afterEach(() => project.remove());

  it("orders enums as written, whatever other files the run reads first", () => {
    // Read first in a whole-project run, this file makes the compiler create "name", 3 and 1 before "price" and 2.
    const other = project.write("a-first.ts", `import { Tool } from MCPKIT;\nexport class First {\n  @Tool() async pick(field: "name" | "id", n: 3 | 1): Promise<string> { return field + n; }\n}\n`);
    const tools = project.write("tools.ts", [
      "import { Tool } from MCPKIT;",
      "export enum Level { Low = 2, High = 1, Top = 3 }",
      "export type Mode = \"slow\" | \"name\";",
      "export interface Filters { sort?: \"price\" | \"name\"; levels: (2 | 1 | 3)[] }",
      "export class Tools {",
      "  @Tool() async search(sort: \"price\" | \"name\", level: 2 | 1 | 3, mode: Mode, filters?: Filters, rank?: Level | null): Promise<\"price\" | \"name\"> { return sort; }",
      "}",
      "",
    ].join("\n"));
    const content = (include?: string[]) => generateSchemas({ project: project.tsconfig, include }).modules.find((m) => m.sourcePath === tools)!.content;
    const alone = content([tools]);
    expect(content()).to.equal(alone);
    expect(content([other, tools])).to.equal(alone);
    const enums = [...alone.matchAll(/"enum": (\[.*?\])/g)].map((m) => m[1]);
    expect(enums).to.include('["price", "name"]').and.to.include("[2, 1, 3]").and.to.include('["slow", "name"]');
  });
});
