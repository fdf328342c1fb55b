/**
 * `npm run conformance`: starts the everything server on a free port, runs the official MCP
 * conformance suite's server scenarios against it, prints the pass count, and exits non-zero when
 * any check fails. The suite needs Node 22+; on an older Node, a pinned Node 22 binary is installed
 * from the npm registry into a cache directory (once) and used for the suite only.
 *
 * Environment: MCPKIT_CONFORMANCE_CACHE (cache directory; default node_modules/.cache/mcpkit-conformance),
 * MCPKIT_CONFORMANCE_VERBOSE=1 (print the suite's own output).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SUITE_VERSION = "0.1.16";
const NODE_VERSION = "22.23.3";
const root = resolve(fileURLToPath(import.meta.url), "../../../..");
const cache = resolve(process.env.MCPKIT_CONFORMANCE_CACHE ?? join(root, "node_modules/.cache/mcpkit-conformance"));
const verbose = process.env.MCPKIT_CONFORMANCE_VERBOSE === "1";

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | string;
  errorMessage?: string;
}

/** The npm package holding a plain Node binary for this machine (what the `node` package installs). */
function nodePackage(): string {
  const platform = process.platform === "win32" ? "win" : process.platform;
  const prefix = process.platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node";
  return `${prefix}-${platform}-${process.arch}@${NODE_VERSION}`;
}

/** Installs the pinned suite (and Node 22 when needed) into the cache once; returns [node, suite entry]. */
function installSuite(): [string, string] {
  const needNode = Number(process.versions.node.split(".")[0]) < 22;
  const suite = join(cache, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
  const node = needNode ? join(cache, "node_modules/.bin", process.platform === "win32" ? "node.cmd" : "node") : process.execPath;
  const marker = join(cache, `installed-${SUITE_VERSION}-${needNode ? NODE_VERSION : "host"}`);
  if (!existsSync(marker) || !existsSync(suite) || !existsSync(node)) {
    const packages = [`@modelcontextprotocol/conformance@${SUITE_VERSION}`, ...(needNode ? [nodePackage()] : [])];
    console.log(`conformance: installing ${packages.join(", ")} into ${cache}`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", "--prefix", cache, ...packages], { stdio: "inherit" });
    if (result.status !== 0) throw new Error(`npm install of the conformance suite failed (exit ${result.status})`);
    writeFileSync(marker, "");
  }
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`conformance: suite ${SUITE_VERSION} on Node ${version}`);
  return [node, suite];
}

/** Starts the everything server on a free port and resolves with its URL once it says it listens. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, "dist/samples/everything/main.js"), "--port", "0"], { stdio: ["ignore", "inherit", "pipe"] });
  return new Promise((resolveStart, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`the server did not report its URL within 30 s:\n${output}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.once("exit", (code) => fail(new Error(`the server exited (code ${code}) before listening:\n${output}`)));
    child.stderr!.on("data", (data: Buffer) => {
      output += data.toString();
      if (verbose) process.stderr.write(data);
      const match = /MCP over Streamable HTTP at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolveStart({ child, url: match[1]! });
      }
    });
  });
}

/** Runs one suite ("active" or "pending") and returns each scenario's checks. */
function runSuite(node: string, suite: string, url: string, name: string): Promise<{ exitCode: number; expected: number; scenarios: Map<string, Check[]> }> {
  const out = mkdtempSync(join(tmpdir(), `mcpkit-conformance-${name}-`));
  const child = spawn(node, [suite, "server", "--url", url, "--suite", name, "-o", out], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const collect = (data: Buffer) => {
    text += data.toString();
    if (verbose) process.stdout.write(data);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  return new Promise((resolveRun) => {
    child.once("close", (code) => {
      const expected = Number(/Running \w+ suite \((\d+) scenarios\)/.exec(text)?.[1] ?? NaN);
      const scenarios = new Map<string, Check[]>();
      for (const dir of readdirSync(out)) {
        const scenario = dir.replace(/^server-/, "").replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, "");
        scenarios.set(scenario, JSON.parse(readFileSync(join(out, dir, "checks.json"), "utf8")) as Check[]);
      }
      rmSync(out, { recursive: true, force: true });
      if (!verbose && code !== 0) process.stdout.write(text);
      resolveRun({ exitCode: code ?? 1, expected, scenarios });
    });
  });
}

function report(name: string, run: { exitCode: number; expected: number; scenarios: Map<string, Check[]> }): boolean {
  let passedScenarios = 0;
  let passed = 0;
  let failed = 0;
  let warnings = 0;
  console.log(`\n${name} scenarios:`);
  for (const [scenario, checks] of [...run.scenarios].sort()) {
    const count = (status: string) => checks.filter((c) => c.status === status).length;
    const [ok, bad, warn] = [count("SUCCESS"), count("FAILURE"), count("WARNING")];
    passed += ok;
    failed += bad;
    warnings += warn;
    if (bad === 0) passedScenarios++;
    console.log(`  ${bad === 0 ? "✓" : "✗"} ${scenario}: ${ok} passed${bad ? `, ${bad} failed` : ""}${warn ? `, ${warn} warnings` : ""}`);
    for (const check of checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING")) {
      console.log(`      ${check.status} ${check.id}: ${check.errorMessage ?? ""}`);
    }
  }
  const complete = run.scenarios.size === run.expected;
  console.log(`  ${name}: ${passedScenarios}/${run.expected} scenarios passed; ${passed} checks passed, ${failed} failed, ${warnings} warnings`);
  if (!complete) console.log(`  ${name}: only ${run.scenarios.size} of ${run.expected} scenarios reported results`);
  return failed === 0 && complete && run.exitCode === 0;
}

const [node, suite] = installSuite();
const { child: server, url } = await startServer();
console.log(`conformance: everything server at ${url}`);
let ok = false;
try {
  const active = await runSuite(node, suite, url, "active");
  const pending = await runSuite(node, suite, url, "pending");
  const activeOk = report("active", active);
  const pendingOk = report("pending", pending);
  ok = activeOk && pendingOk;
} finally {
  server.kill();
}
console.log(ok ? "\nconformance: PASS" : "\nconformance: FAIL");
process.exit(ok ? 0 : 1);
