// The new-user path as a test: pack mcpkit, follow the README's "Install" section word for word in a scratch
// project (its shell lines run, its `// path` blocks are written), then call the server's tool through a real
// MCP client over stdio. Prints the figures a release note needs (tarball, install size, cold start).
import { execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(path.join(tmpdir(), "mcpkit-install-"));
const app = path.join(scratch, "app");
const run = (command, cwd) => execSync(command, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
const fail = (message) => {
  throw new Error(`packed install: ${message} (scratch project kept at ${scratch})`);
};

const packed = JSON.parse(run(`npm pack --json --pack-destination "${scratch}"`, root))[0];
const tarball = path.join(scratch, packed.filename);
console.log(`packed install: tarball ${(packed.size / 1024).toFixed(0)} kB, ${packed.entryCount} files, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`);
// The code ships as one esbuild bundle (dist/bundle); dist/lib carries only the type declarations.
for (const file of packed.files.map((f) => f.path)) {
  if (!/^(dist\/bundle\/|dist\/lib\/.*\.d\.ts$|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/.test(file)) fail(`the tarball ships ${file}`);
}

mkdirSync(app);
for (const block of installBlocks(readFileSync(path.join(root, "README.md"), "utf8"))) {
  const [first, ...rest] = block.body.split("\n");
  const file = /^\/\/ (\S+)$/.exec(first)?.[1];
  if (file) {
    mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    writeFileSync(path.join(app, file), rest.join("\n"));
    continue;
  }
  if (block.lang !== "sh") continue;
  for (const line of block.body.split("\n").filter(Boolean)) {
    // The client below starts the server itself.
    const command = line.replace(/ && npm start$/, "").replace(/^npm start$/, "").replace(/^npm install mcpkit$/, `npm install "${tarball}"`);
    if (!command) continue;
    run(command, app);
    if (command.startsWith(`npm install "${tarball}"`)) {
      const { count, bytes } = installed(path.join(app, "node_modules"));
      console.log(`packed install: npm install mcpkit gives ${count} packages, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    }
  }
}

const tscVersion = run("npx tsc --version", app).trim();
const projectTypeScript = JSON.parse(readFileSync(path.join(app, "node_modules/typescript/package.json"), "utf8")).version;
if (!tscVersion.includes(projectTypeScript)) fail(`npx tsc is "${tscVersion}", not the project's typescript@${projectTypeScript}`);

const started = performance.now();
const transport = new StdioClientTransport({ command: process.execPath, args: ["dist/main.js"], cwd: app, stderr: "pipe" });
let stderr = "";
transport.stderr?.on("data", (chunk) => (stderr += chunk));
const client = new Client({ name: "packed-install", version: "1.0.0" });
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  const coldStart = performance.now() - started;
  const weather = tools.find((t) => t.name === "weather");
  if (!weather) fail(`no "weather" tool in ${JSON.stringify(tools.map((t) => t.name))}`);
  if (JSON.stringify(weather.inputSchema.required) !== '["city"]' || weather.inputSchema.properties.days.maximum !== 7) fail(`the tool's schema is not the generated one: ${JSON.stringify(weather.inputSchema)}`);
  const result = await client.callTool({ name: "weather", arguments: { city: "Oslo" } });
  if (result.isError || result.content[0]?.text !== "Sunny in Oslo, 1 day(s) ahead") fail(`the call answered ${JSON.stringify(result)}`);
  const invalid = await client.callTool({ name: "weather", arguments: { city: "Oslo", days: 9 } });
  if (!invalid.isError) fail("days: 9 was accepted");
  if (/reflection|warning/i.test(stderr)) fail(`the server warned: ${stderr}`);
  console.log(`packed install: ${tscVersion} builds it; cold start to tools/list ${coldStart.toFixed(0)} ms; tool call answered`);
} finally {
  await client.close();
}

const version = run("npx mcpkit --version", app).trim();
if (version !== JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version) fail(`mcpkit --version printed "${version}"`);
checkTestingEntry();
console.log(`packed install: mcpkit --version prints ${version}; mcpkit/testing and listenHttp serve the same classes`);
await checkTsxRun();
rmSync(scratch, { recursive: true, force: true });

/**
 * `mcpkit/testing` serves the user's compiled classes in memory: it must share the decorators' metadata with
 * `mcpkit` (one copy of each module in the bundle), find the generated schema module beside the user's class
 * (not beside a file of mcpkit's own: a resolve hook lists every schema module looked up) and validate with it;
 * and every exported class and function keeps its name. The same classes also answer over Streamable HTTP, and a
 * missing optional peer is named.
 */
function checkTestingEntry() {
  const clientVersion = JSON.parse(readFileSync(path.join(root, "node_modules/@modelcontextprotocol/client/package.json"), "utf8")).version;
  run(`npm install --save-dev @modelcontextprotocol/client@${clientVersion}`, app);
  writeFileSync(
    path.join(app, "schema-lookups.mjs"),
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  if (/\\.schema\\.[cm]?js$/.test(specifier)) appendFileSync(new URL("./schema-lookups.txt", import.meta.url), new URL(specifier, context.parentURL).pathname + "\\n");
  return next(specifier, context);
}
`,
  );
  writeFileSync(
    path.join(app, "testing-check.mjs"),
    `import { register } from "node:module";
register("./schema-lookups.mjs", import.meta.url);
const mcpkit = await import("mcpkit");
const testing = await import("mcpkit/testing");
const { createTestClient } = testing;
// Class names show in messages and error names: the bundle keeps them as written.
const renamed = Object.entries({ ...mcpkit, ...testing }).filter(([name, value]) => typeof value === "function" && value.name !== name).map(([name, value]) => name + " is " + value.name);
const { WeatherTools } = await import("./dist/weather-tools.js");
const { client, close } = await createTestClient({ name: "t", services: [WeatherTools] });
try {
  const { tools } = await client.listTools();
  const answer = await client.callTool({ name: "weather", arguments: { city: "Oslo" } });
  const invalid = await client.callTool({ name: "weather", arguments: { city: "Oslo", days: 9 } });
  // Streamable HTTP is a chunk of its own, loaded on first listenHttp().
  const app = new mcpkit.McpApplication({ name: "h", version: "1.0.0", services: [WeatherTools] });
  const listener = await app.listenHttp({ port: 0 });
  const { Client, StreamableHTTPClientTransport } = await import("@modelcontextprotocol/client");
  const http = new Client({ name: "http", version: "1.0.0" });
  await http.connect(new StreamableHTTPClientTransport(new URL(listener.url)));
  const overHttp = await http.callTool({ name: "weather", arguments: { city: "Bergen" } });
  await http.close();
  await app.close();
  // The optional peers are require()d from mcpkit's own location; mysql2 is not installed here.
  let peer = "loaded";
  try {
    new mcpkit.MySqlPool({ url: "mysql://127.0.0.1/x" });
  } catch (error) {
    peer = error.name + ": " + error.message;
  }
  console.log(JSON.stringify({ maximum: tools[0]?.inputSchema.properties.days.maximum, text: answer.content[0]?.text, rejected: invalid.isError === true, renamed, http: overHttp.content[0]?.text, peer }));
} finally {
  await close();
}
`,
  );
  const output = run("node testing-check.mjs", app).trim();
  if (output !== JSON.stringify({ maximum: 7, text: "Sunny in Oslo, 1 day(s) ahead", rejected: true, renamed: [], http: "Sunny in Bergen, 1 day(s) ahead", peer: 'PoolConfigurationError: MysqlPool: needs the "mysql2" package, an optional peer dependency of mcpkit that is not installed. Fix: npm install mysql2.' })) fail(`mcpkit/testing answered ${output}`);
  const lookups = readFileSync(path.join(app, "schema-lookups.txt"), "utf8").trim().split("\n");
  const expected = path.join(app, "dist/weather-tools.schema.js");
  if (lookups.some((file) => path.resolve(file) !== expected)) fail(`schema modules looked up: ${lookups.join(", ")}; only ${expected} was expected`);
}

/**
 * `npx tsx src/main.ts` (README, "tsx, vitest, esbuild"): no decorator metadata, so injection and schemas come from
 * the generated src/weather-tools.schema.ts, found from the class's declaring module among the bundle's frames.
 */
async function checkTsxRun() {
  const tsxVersion = JSON.parse(readFileSync(path.join(root, "node_modules/tsx/package.json"), "utf8")).version;
  run(`npm install --save-dev tsx@${tsxVersion}`, app);
  const tsx = new StdioClientTransport({ command: path.join(app, "node_modules/.bin/tsx"), args: ["src/main.ts"], cwd: app, stderr: "pipe" });
  let tsxStderr = "";
  tsx.stderr?.on("data", (chunk) => (tsxStderr += chunk));
  const tsxClient = new Client({ name: "packed-install-tsx", version: "1.0.0" });
  try {
    await tsxClient.connect(tsx);
    const { tools } = await tsxClient.listTools();
    const result = await tsxClient.callTool({ name: "weather", arguments: { city: "Oslo" } });
    if (tools[0]?.inputSchema.properties.days.maximum !== 7 || result.content[0]?.text !== "Sunny in Oslo, 1 day(s) ahead") fail(`under tsx the server answered ${JSON.stringify({ tools, result })}`);
    if (/reflection|warning/i.test(tsxStderr)) fail(`under tsx the server warned: ${tsxStderr}`);
  } finally {
    await tsxClient.close();
  }
  console.log("packed install: npx tsx src/main.ts serves it too");
}

/** The fenced blocks of the README's "## Install" section, in order. */
function installBlocks(readme) {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Install\n"));
  if (!section) fail('the README has no "## Install" section');
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

/** Packages (folders with a package.json, nested ones too) and bytes under node_modules. */
function installed(directory) {
  let count = 0;
  let bytes = 0;
  // `inNodeModules`: the entries here are packages (or @scopes holding packages).
  const walk = (dir, inNodeModules) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isFile()) bytes += statSync(full).size;
      if (!entry.isDirectory()) continue;
      const isPackage = inNodeModules && !entry.name.startsWith("@") && !entry.name.startsWith(".");
      if (isPackage) count++;
      walk(full, entry.name === "node_modules" || (inNodeModules && entry.name.startsWith("@")));
    }
  };
  walk(directory, true);
  return { count, bytes };
}
