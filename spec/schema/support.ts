import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (specs run from dist/spec/schema). */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** A throwaway TypeScript project whose sources import mcpkit's decorators from this repository. */
export interface TempProject {
  dir: string;
  tsconfig: string;
  write(file: string, text: string): string;
  remove(): void;
}

export function tempProject(): TempProject {
  const dir = mkdtempSync(path.join(tmpdir(), "mcpkit-schema-"));
  const tsconfig = path.join(dir, "tsconfig.json");
  writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, types: [], rootDir: ROOT, noEmit: true },
    include: ["src"],
  }));
  // An ES module project, as mcpkit requires.
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "temp-project", type: "module" }));
  return {
    dir,
    tsconfig,
    write(file, text) {
      const full = path.join(dir, "src", file);
      mkdirSync(path.dirname(full), { recursive: true });
      // Sources import the library by absolute path, so the project needs no install.
      writeFileSync(full, text.replaceAll("MCPKIT", JSON.stringify(path.join(ROOT, "lib/index.js"))));
      return full;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
