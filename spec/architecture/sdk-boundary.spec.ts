import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "../../../..");
const lib = join(root, "lib");

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The MCP SDK packages a source file imports (static imports, re-exports and dynamic imports). */
function sdkImportsOf(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](@modelcontextprotocol\/[a-z-]+)[^"']*["']/g)) found.add(match[1]!);
  return [...found];
}

describe("the protocol boundary", () => {
  const imports = sourcesUnder(lib).map((path) => ({ file: relative(root, path).split("\\").join("/"), packages: sdkImportsOf(path) }));

  it("lets only lib/protocol import the server SDK", () => {
    const offenders = imports.filter(({ file, packages }) => !file.startsWith("lib/protocol/") && packages.some((p) => p !== "@modelcontextprotocol/client"));
    expect(offenders, "files outside lib/protocol importing the server SDK").to.deep.equal([]);
  });

  it("lets only lib/testing import the client SDK", () => {
    const offenders = imports.filter(({ file, packages }) => !file.startsWith("lib/testing/") && packages.includes("@modelcontextprotocol/client"));
    expect(offenders, "files outside lib/testing importing the client SDK").to.deep.equal([]);
  });

  it("finds the SDK imports it polices (the check itself works)", () => {
    expect(imports.filter(({ file }) => file.startsWith("lib/protocol/")).some(({ packages }) => packages.includes("@modelcontextprotocol/server"))).to.equal(true);
    expect(imports.filter(({ file }) => file.startsWith("lib/testing/")).some(({ packages }) => packages.includes("@modelcontextprotocol/client"))).to.equal(true);
  });
});
