import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type ts from "ts6";
import { McpKitError } from "../../errors/mcpkit-error.js";

const FIX =
  "Fix: run the command as `npm exec --yes --package=typescript@~6.0 -- mcpkit schema` (npm keeps TypeScript 6 in its own cache; " +
  "the project's tsc stays as it is), or install typescript 5.x or 6.x in the project.";

/**
 * TypeScript's JavaScript compiler API (typescript 5.x or 6.x), found at run time instead of installed with mcpkit:
 * a dependency on it would link its own `tsc` over the project's and add ~24 MB to every server, while only
 * `mcpkit schema` needs it. TypeScript 7 ships no such library (its compiler is a native binary).
 */
export const compiler: typeof ts = loadCompilerApi();

function loadCompilerApi(): typeof ts {
  const seen: string[] = [];
  for (const packageDir of candidatePackages()) {
    const found = usableTypeScript(packageDir);
    if (typeof found === "string") {
      seen.push(found);
      continue;
    }
    const loaded = createRequire(path.join(packageDir, "package.json"))(found.main) as typeof ts;
    return loaded;
  }
  const what = seen.length > 0 ? `Found only ${[...new Set(seen)].join(", ")}, which has no JavaScript compiler API.` : "No typescript package was found.";
  throw new McpKitError(`mcpkit schema reads your sources with TypeScript's compiler API (typescript 5.x or 6.x). ${what} ${FIX}`);
}

/**
 * The project's own `typescript`, then its aliases of it (`"ts6": "npm:typescript@~6.0"`), then the package
 * behind every `tsc` on PATH (where `npm exec --package` puts one).
 */
function* candidatePackages(): Generator<string> {
  const project = createRequire(path.join(process.cwd(), "noop.js"));
  for (const name of ["typescript", ...typeScriptAliases()]) {
    try {
      yield path.dirname(project.resolve(`${name}/package.json`));
    } catch {
      // not installed in the project
    }
  }
  for (const directory of (process.env.PATH ?? "").split(path.delimiter)) {
    const bin = path.join(directory, "tsc");
    if (!directory || !existsSync(bin)) continue;
    const packageDir = packageRootOf(realpathSync(bin));
    if (packageDir) yield packageDir;
  }
}

/** Names under which the project's package.json installs typescript (npm aliases). */
function typeScriptAliases(): string[] {
  const file = path.join(process.cwd(), "package.json");
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string> | undefined>;
  const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
  return Object.keys(dependencies).filter((name) => dependencies[name]!.startsWith("npm:typescript@"));
}

function packageRootOf(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
  }
  return undefined;
}

/** `{ main }` when the package is TypeScript 5.x/6.x with its library; else a short description of what it is. */
function usableTypeScript(packageDir: string): { main: string } | string {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { name?: string; version?: string };
  const major = Number(manifest.version?.split(".")[0]);
  const library = path.join(packageDir, "lib", "typescript.js");
  if (manifest.name !== "typescript" || !(major >= 5 && major <= 6) || !existsSync(library)) return `${manifest.name}@${manifest.version}`;
  return { main: library };
}
