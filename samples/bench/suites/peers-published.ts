import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Where the published-form echo server is written; `peers-targets.ts` starts it as mcpkit's column. */
export const PUBLISHED_ECHO = "published/mcpkit-echo.js";

/**
 * mcpkit as users install it: the echo server importing the package's esbuild bundle (`dist/bundle`, what
 * `npm pack` ships) rather than the compiled modules the specs use, so cold start counts the files a user's
 * server really opens. The echo's generated schema module goes beside it, as `mcpkit schema` would put it.
 */
export async function writePublishedEcho(): Promise<void> {
  const bundle = at("../../../bundle/index.js");
  if (!existsSync(bundle)) throw new Error("dist/bundle is missing: run `npm run build:bundle` (npm run bench does) first");
  const outdir = at("../servers/published");
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [at("../servers/mcpkit-echo.js")],
    outfile: `${outdir}/mcpkit-echo.js`,
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    // Class names are what the generated schema module is keyed by.
    keepNames: true,
    logLevel: "warning",
    plugins: [
      {
        name: "mcpkit-as-published",
        setup(builder) {
          builder.onResolve({ filter: /\/lib\/index\.js$/ }, () => ({ path: bundle, external: true }));
        },
      },
    ],
  });
  copyFileSync(at("../servers/mcpkit-echo.schema.js"), `${outdir}/mcpkit-echo.schema.js`);
}
