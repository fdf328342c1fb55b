/**
 * `npm run conformance`: runs the official MCP conformance suite's server scenarios against the
 * everything server once per spec revision it requires (2025-11-25, the stateful wire, and
 * 2026-07-28, the stateless one), prints a summary per revision, and exits non-zero when any
 * scenario fails that we require. Each revision gets a fresh server on a free port.
 *
 * What counts: the suite's frozen `requirements/<revision>.yaml` lists each revision's required
 * server scenarios (`server:`) and the ones it runs without scoring (`not_scored:`, leg server).
 * We require all of the former plus, from the latter, `json-schema-2020-12` and
 * `http-header-validation` wherever the revision runs them; the other not-scored scenarios
 * (tasks-*, http-custom-header-server-validation, ...) are printed for information only. A scenario
 * fails when any of its checks has status FAILURE, or when the suite left no results for it.
 *
 * The suite needs Node 22+; on an older Node, a pinned Node 22 binary is installed from the npm
 * registry into a cache directory (once) and used for the suite only.
 *
 * Usage: node dist/samples/everything/run-conformance.js [--requirements 2026-07-28]
 *   (repeatable; by default every revision in REVISIONS runs).
 * The last line is `conformance: N passed, M failed`, counting the required scenarios of all runs.
 *
 * Environment: MCPKIT_CONFORMANCE_CACHE (cache directory; default node_modules/.cache/mcpkit-conformance),
 * MCPKIT_CONFORMANCE_VERBOSE=1 (print the suite's and the server's own output, and every scenario).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const SUITE_VERSION = "0.2.0-alpha.12";
const NODE_VERSION = "22.23.3";
/** The spec revisions we run, each with the suite's frozen requirement set of the same name. */
const REVISIONS = ["2025-11-25", "2026-07-28"];
/** Scenarios the suite runs unscored (pending against its reference fixture) that we require anyway. */
const ALSO_REQUIRED = ["json-schema-2020-12", "http-header-validation"];

const root = resolve(fileURLToPath(import.meta.url), "../../../..");
const cache = resolve(process.env.MCPKIT_CONFORMANCE_CACHE ?? join(root, "node_modules/.cache/mcpkit-conformance"));
const verbose = process.env.MCPKIT_CONFORMANCE_VERBOSE === "1";

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED" | string;
  description?: string;
  errorMessage?: string;
}

/** Why a scenario runs in a revision: required by the suite, by us, or shown for information. */
type Role = "required" | "also-required" | "informational";

interface ScenarioResult {
  scenario: string;
  role: Role;
  /** The not_scored reason (extension, pending, added-after-release) for the last two roles. */
  reason?: string;
  checks: Check[];
  failed: boolean;
}

interface RevisionResult {
  revision: string;
  results: ScenarioResult[];
  summary: string;
}

/** The npm package holding a plain Node binary for this machine (what the `node` package installs). */
function nodePackage(): string {
  const platform = process.platform === "win32" ? "win" : process.platform;
  const prefix = process.platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node";
  return `${prefix}-${platform}-${process.arch}@${NODE_VERSION}`;
}

/** Installs the pinned suite (and Node 22 when needed) into the cache once; returns [node, suite package dir]. */
function installSuite(): [string, string] {
  const needNode = Number(process.versions.node.split(".")[0]) < 22;
  const suiteDir = join(cache, "node_modules/@modelcontextprotocol/conformance");
  const node = needNode ? join(cache, "node_modules/.bin", process.platform === "win32" ? "node.cmd" : "node") : process.execPath;
  const marker = join(cache, `installed-${SUITE_VERSION}-${needNode ? NODE_VERSION : "host"}`);
  if (!existsSync(marker) || !existsSync(join(suiteDir, "dist/index.js")) || !existsSync(node)) {
    const packages = [`@modelcontextprotocol/conformance@${SUITE_VERSION}`, ...(needNode ? [nodePackage()] : [])];
    console.log(`conformance: installing ${packages.join(", ")} into ${cache}`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", "--prefix", cache, ...packages], {
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    if (result.status !== 0) throw new Error(`npm install of the conformance suite failed (exit ${result.status})`);
    writeFileSync(marker, "");
  }
  const installed = (JSON.parse(readFileSync(join(suiteDir, "package.json"), "utf8")) as { version: string }).version;
  if (installed !== SUITE_VERSION) throw new Error(`${cache} holds conformance ${installed}, not ${SUITE_VERSION}; delete the directory and retry`);
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`conformance: suite ${SUITE_VERSION} on Node ${version}`);
  return [node, suiteDir];
}

/** The suite's frozen requirement set for one revision: required server scenarios and the not-scored ones. */
function requirementSet(suiteDir: string, revision: string): { required: string[]; notScored: Map<string, string> } {
  const file = join(suiteDir, "requirements", `${revision}.yaml`);
  if (!existsSync(file)) {
    const known = readdirSync(join(suiteDir, "requirements")).map((name) => name.replace(/\.yaml$/, ""));
    throw new Error(`conformance ${SUITE_VERSION} has no requirement set ${revision} (it has ${known.join(", ")})`);
  }
  // The suite parses these files with its own `yaml` dependency; resolve that from the suite's package.
  const yaml = createRequire(join(suiteDir, "package.json"))("yaml") as { parse(text: string): unknown };
  const parsed = yaml.parse(readFileSync(file, "utf8")) as { server?: string[]; not_scored?: { scenario: string; leg: string; reason: string }[] };
  const notScored = new Map((parsed.not_scored ?? []).filter((entry) => entry.leg === "server").map((entry) => [entry.scenario, entry.reason] as const));
  return { required: parsed.server ?? [], notScored };
}

/** Starts the everything server on a free port and resolves with its URL once it says it listens. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, "dist/samples/everything/main.js"), "--port", "0"], { stdio: ["ignore", "inherit", "pipe"] });
  return new Promise((resolveStart, reject) => {
    let output = "";
    let started = false;
    const timer = setTimeout(() => fail(new Error(`the server did not report its URL within 30 s:\n${output}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.once("exit", (code) => {
      if (!started) fail(new Error(`the server exited (code ${code}) before listening:\n${output}`));
    });
    child.stderr!.on("data", (data: Buffer) => {
      if (verbose) process.stderr.write(data);
      if (started) return;
      output += data.toString();
      const match = /MCP over Streamable HTTP at (\S+)/.exec(output);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolveStart({ child, url: match[1]! });
      }
    });
  });
}

/** Runs the suite's `server --requirements <revision>` and returns its exit code, its output and each scenario's checks. */
function runSuite(node: string, suiteDir: string, url: string, revision: string): Promise<{ exitCode: number; output: string; checks: Map<string, Check[] | undefined> }> {
  const out = mkdtempSync(join(tmpdir(), `mcpkit-conformance-${revision}-`));
  const child = spawn(node, [join(suiteDir, "dist/index.js"), "server", "--url", url, "--requirements", revision, "-o", out], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (data: Buffer) => {
    output += data.toString();
    if (verbose) process.stdout.write(data);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  return new Promise((resolveRun) => {
    child.once("close", (code, signal) => {
      // The suite writes <out>/server-<scenario>-<ISO time with : and . as ->/checks.json per scenario;
      // a scenario that threw has a directory but no checks.json.
      const checks = new Map<string, Check[] | undefined>();
      for (const dir of readdirSync(out)) {
        const scenario = dir.replace(/^server-/, "").replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, "");
        const file = join(out, dir, "checks.json");
        checks.set(scenario, existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Check[]) : undefined);
      }
      rmSync(out, { recursive: true, force: true });
      resolveRun({ exitCode: code ?? (signal ? 128 : 1), output, checks });
    });
  });
}

const oneLine = (text: string, max = 400) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const counted = (checks: Check[]) => checks.filter((c) => c.status === "SUCCESS" || c.status === "FAILURE");
const passedCount = (checks: Check[]) => checks.filter((c) => c.status === "SUCCESS").length;
const checkCounts = (checks: Check[]) => `${passedCount(checks)}/${counted(checks).length} checks`;

function printScenario(result: ScenarioResult, details: boolean): void {
  const { checks } = result;
  const warnings = checks.filter((c) => c.status === "WARNING").length;
  const skipped = checks.length > 0 && checks.every((c) => c.status === "SKIPPED");
  const tag = result.role === "required" ? "" : ` [${result.role === "also-required" ? `required by mcpkit; suite: not scored, ${result.reason}` : `not scored: ${result.reason}`}]`;
  const state = skipped ? "skipped" : `${checkCounts(checks)}${warnings ? `, ${warnings} warnings` : ""}`;
  console.log(`  ${result.failed ? "✗" : "✓"} ${result.scenario}${tag}: ${state}`);
  if (!details) return;
  for (const check of checks.filter((c) => c.status === "FAILURE" || (verbose && c.status === "WARNING"))) {
    console.log(`      ${check.status} ${check.id}: ${oneLine(check.errorMessage ?? check.description ?? "")}`);
  }
}

/** Runs one revision's requirement set against a fresh server and prints its report. */
async function runRevision(node: string, suiteDir: string, revision: string): Promise<RevisionResult> {
  const { required, notScored } = requirementSet(suiteDir, revision);
  const { child: server, url } = await startServer();
  const started = Date.now();
  let serverExit: string | undefined;
  server.once("exit", (code, signal) => (serverExit = `the server exited during the run (${signal ?? `code ${code}`})`));
  console.log(`\nconformance ${revision}: running the suite against ${url}`);
  let run: Awaited<ReturnType<typeof runSuite>>;
  try {
    run = await runSuite(node, suiteDir, url, revision);
  } finally {
    server.removeAllListeners("exit");
    server.kill();
  }

  const problems: string[] = [];
  if (serverExit) problems.push(serverExit);
  const results: ScenarioResult[] = [];
  const add = (scenario: string, role: Role, reason?: string) => {
    let checks = run.checks.get(scenario);
    if (checks === undefined) {
      const why = run.checks.has(scenario) ? "the suite failed to run this scenario (no checks.json)" : "the suite reported no results for this scenario";
      if (role !== "informational") problems.push(`${scenario}: ${why}`);
      checks = [{ id: scenario, status: "FAILURE", errorMessage: why }];
    }
    results.push({ scenario, role, reason, checks, failed: checks.some((c) => c.status === "FAILURE") });
  };
  for (const scenario of required) add(scenario, "required");
  for (const [scenario, reason] of notScored) {
    // A not-scored scenario this suite build lacks is skipped by the suite; that is only an error for ours.
    if (run.checks.has(scenario) || ALSO_REQUIRED.includes(scenario)) add(scenario, ALSO_REQUIRED.includes(scenario) ? "also-required" : "informational", reason);
  }
  for (const scenario of run.checks.keys()) {
    if (!results.some((r) => r.scenario === scenario)) add(scenario, "informational", "not in the requirement set");
  }

  const gated = results.filter((r) => r.role !== "informational");
  const requiredResults = results.filter((r) => r.role === "required");
  const requiredFailed = requiredResults.some((r) => r.failed);
  // The suite exits 1 exactly when a required scenario fails; anything else means it broke.
  if (run.exitCode !== (requiredFailed ? 1 : 0)) problems.push(`the suite exited with code ${run.exitCode}`);
  if (problems.length > 0 && !verbose) process.stdout.write(`--- suite output (${revision}) ---\n${run.output}--- end of suite output ---\n`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`conformance ${revision}: the suite ran ${run.checks.size} scenarios in ${seconds} s (exit ${run.exitCode})`);
  const failing = gated.filter((r) => r.failed);
  // Every failing scenario with its failed checks; the two we add to the suite's list always.
  for (const result of gated.filter((r) => verbose || r.failed || r.role === "also-required")) printScenario(result, result.failed);
  const informational = results.filter((r) => r.role === "informational");
  if (informational.length > 0) {
    console.log(`  informational (not scored, not gating): ${informational.filter((r) => !r.failed).length}/${informational.length} passed`);
    for (const result of informational) printScenario(result, verbose);
  }
  for (const problem of problems) console.log(`  ERROR ${problem}`);

  const requiredChecks = requiredResults.flatMap((r) => r.checks);
  const extra = gated.filter((r) => r.role === "also-required").map((r) => `${r.scenario} ${r.failed ? "failed" : "passed"}`);
  const summary =
    `conformance ${revision}: ${requiredResults.filter((r) => !r.failed).length}/${requiredResults.length} required scenarios passed ` +
    `(${checkCounts(requiredChecks)})${extra.length ? `; ${extra.join(", ")}` : ""}${problems.length ? `; ${problems.length} error${problems.length === 1 ? "" : "s"}` : ""}`;
  console.log(summary);
  // A run that broke fails even when no scenario did.
  if (problems.length > 0 && failing.length === 0) gated.push({ scenario: `(${revision} run)`, role: "required", checks: [], failed: true });
  return { revision, results: gated, summary };
}

function fatal(error: unknown): never {
  console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
  console.log("conformance: 0 passed, 1 failed");
  process.exit(1);
}

let revisions = REVISIONS;
try {
  const { values } = parseArgs({ options: { requirements: { type: "string", multiple: true } }, strict: true, allowPositionals: false });
  if (values.requirements?.length) revisions = [...new Set(values.requirements)];
} catch (error) {
  fatal(`${error instanceof Error ? error.message : String(error)}\nusage: run-conformance [--requirements ${REVISIONS.join("|")}]...`);
}

const runs: RevisionResult[] = [];
try {
  const [node, suiteDir] = installSuite();
  for (const revision of revisions) requirementSet(suiteDir, revision); // fail fast on an unknown revision
  for (const revision of revisions) runs.push(await runRevision(node, suiteDir, revision));
} catch (error) {
  fatal(error);
}

const all = runs.flatMap((r) => r.results);
const failed = all.filter((r) => r.failed).length;
console.log("");
for (const run of runs) console.log(run.summary);
console.log(`conformance: ${all.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
