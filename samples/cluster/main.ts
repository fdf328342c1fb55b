// `npm run sample:cluster -- --port P [--instances N]`: N flagship instances behind HAProxy on
// 127.0.0.1:P, sharing state on Redis when REDIS_URL is set (MariaDB when MYSQL_URL is set).
// SIGUSR2 restarts the instances one at a time; SIGINT/SIGTERM stops everything.
import { parseArgs } from "node:util";
import { LocalCluster } from "./local-cluster.js";

const USAGE = "usage: npm run sample:cluster -- --port P [--instances N] [--quiet]\n";
let values: { port: string; instances: string; quiet: boolean };
try {
  ({ values } = parseArgs({ options: { port: { type: "string", default: "8080" }, instances: { type: "string", default: "3" }, quiet: { type: "boolean", default: false } } }));
} catch (error) {
  process.stderr.write(`cluster: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const port = Number(values.port);
const instances = Number(values.instances);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(instances) || instances < 1) {
  process.stderr.write(USAGE);
  process.exit(2);
}

const cluster = new LocalCluster({ port, instances, log: values.quiet ? undefined : (line) => process.stderr.write(line + "\n") });
let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`cluster: ${signal}, stopping the instances (each drains) and HAProxy\n`);
  cluster.stop().then(() => process.exit(0), () => process.exit(1));
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGUSR2", () => {
  process.stderr.write("cluster: SIGUSR2, rolling restart\n");
  cluster.rollingRestart((member, step) => process.stderr.write(`cluster: ${member} ${step}\n`)).catch((error: Error) => process.stderr.write(`cluster: rolling restart failed: ${error.message}\n`));
});

try {
  await cluster.start();
} catch (error) {
  process.stderr.write(`cluster: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
const shared = [process.env.REDIS_URL && "Redis", process.env.MYSQL_URL && "MariaDB"].filter(Boolean).join(" and ") || "nothing (in-memory data per instance)";
process.stderr.write(`cluster: ${instances} instance(s) behind HAProxy at ${cluster.url} (ports ${cluster.members.map((m) => m.port).join(", ")}), sharing ${shared}\n`);
