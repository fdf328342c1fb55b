// `npm start`'s pre-step: runs `npm run build` only when a source is newer than the last build, so a
// start without changes takes no build (the full build generates schemas and compiles everything).
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "dist", ".build-stamp");

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return /\.(m|c)?ts$|\.json$/.test(entry) ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

const sources = ["lib", "samples", "spec", "package.json", "package-lock.json", "tsconfig.json"].map((p) => path.join(root, p)).filter(existsSync);
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (Math.max(...sources.map(newest)) > built) {
  // The build's output goes to stderr: stdout is the MCP channel when a client starts the sample with `npm start`.
  execSync("npm run build --silent", { cwd: root, stdio: ["ignore", process.stderr, process.stderr] });
  writeFileSync(stamp, new Date().toISOString() + "\n");
}
