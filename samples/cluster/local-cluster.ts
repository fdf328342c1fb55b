import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { BACKEND, haproxyConfig } from "./haproxy-config.js";

const INSTANCE = fileURLToPath(new URL("./instance.js", import.meta.url));

/** How to start a local cluster. */
export interface LocalClusterOptions {
  /** HAProxy's port on 127.0.0.1; 0 picks a free one. */
  port: number;
  instances: number;
  /** The instances' environment (MYSQL_URL, REDIS_URL, ...); default process.env. */
  env?: Record<string, string | undefined>;
  /** Where the instances' and HAProxy's own lines go; default: kept, shown only when one fails to start. */
  log?: (line: string) => void;
}

interface Member {
  name: string;
  port: number;
  child?: ChildProcess;
  exited?: Promise<unknown>;
}

/** True when the `haproxy` program is on PATH. */
export function haproxyInstalled(): boolean {
  return spawnSync("haproxy", ["-v"], { stdio: "ignore" }).status === 0;
}

/**
 * N flagship instances (each its own process and port) behind one HAProxy process on 127.0.0.1,
 * started and stopped together; `rollingRestart()` restarts the instances one at a time.
 */
export class LocalCluster {
  readonly members: Member[] = [];
  private haproxy?: ChildProcess;
  private haproxyExited?: Promise<unknown>;
  private readonly dir = mkdtempSync(join(tmpdir(), "mcpkit-cluster-"));
  private readonly env: Record<string, string | undefined>;
  private readonly recent: string[] = [];
  port = 0;

  constructor(private readonly options: LocalClusterOptions) {
    // The processes are detached; should this one exit without stop(), they must not outlive it.
    process.once("exit", () => {
      for (const child of [this.haproxy, ...this.members.map((m) => m.child)]) if (child?.exitCode === null) child.kill("SIGKILL");
    });
    // Without Redis the instances share no state; they still accept each other's requestState.
    this.env = { REQUEST_STATE_SECRET: randomBytes(32).toString("base64"), ...(options.env ?? process.env) };
  }

  /** The MCP endpoint behind HAProxy. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/mcp`;
  }

  async start(): Promise<void> {
    if (!haproxyInstalled()) throw new Error("haproxy is not installed (Debian: apt-get install haproxy)");
    this.port = this.options.port || (await freePort());
    for (let i = 1; i <= this.options.instances; i++) this.members.push({ name: `i${i}`, port: await freePort() });
    try {
      await Promise.all(this.members.map((m) => this.startMember(m)));
      await this.startHaproxy();
      await this.waitUntil((states) => this.members.every((m) => states.get(m.name) === "UP"));
    } catch (error) {
      await this.stop();
      throw new Error(`${(error as Error).message}\n${this.recent.join("\n")}`);
    }
  }

  /**
   * Restarts every instance in turn: SIGTERM (it drains: new requests get 503 and HAProxy sends
   * them to another instance), wait for its exit, start it again on its port, and wait until HAProxy
   * sees it UP before the next.
   */
  async rollingRestart(onStep?: (member: string, step: "stopping" | "up") => void): Promise<void> {
    for (const member of this.members) {
      onStep?.(member.name, "stopping");
      await this.stopMember(member);
      await this.startMember(member);
      await this.waitUntil((states) => states.get(member.name) === "UP");
      onStep?.(member.name, "up");
    }
  }

  /** Stops every instance (each drains), then HAProxy. Idempotent. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.members.map((m) => this.stopMember(m)));
    if (this.haproxy && this.haproxy.exitCode === null) {
      this.haproxy.kill("SIGTERM");
      await this.haproxyExited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Each instance's state as HAProxy sees it ("UP", "DOWN", "MAINT", ...), from its stats socket. */
  async serverStates(): Promise<Map<string, string>> {
    const csv = await this.admin("show stat\n");
    const [header, ...rows] = csv.split("\n").filter((line) => line.length > 0);
    const columns = header!.replace(/^# /, "").split(",");
    const [px, sv, status] = ["pxname", "svname", "status"].map((c) => columns.indexOf(c));
    const states = new Map<string, string>();
    for (const row of rows) {
      const cells = row.split(",");
      if (cells[px!] === BACKEND && cells[sv!] !== "BACKEND") states.set(cells[sv!]!, cells[status!]!);
    }
    return states;
  }

  private async startMember(member: Member): Promise<void> {
    // Detached: a terminal's Ctrl-C reaches this runner only, which then drains the instances in order.
    const child = spawn(process.execPath, [INSTANCE, "--http", "--port", String(member.port)], { env: this.env, stdio: ["ignore", "ignore", "pipe"], detached: true });
    member.child = child;
    member.exited = once(child, "exit");
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stderr! }).on("line", (line) => {
        this.note(`[${member.name}] ${line}`);
        if (line.includes("MCP over Streamable HTTP at")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`instance ${member.name} exited with ${code} before listening`)));
    });
    await ready;
  }

  private async stopMember(member: Member): Promise<void> {
    const child = member.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await member.exited;
  }

  private async startHaproxy(): Promise<void> {
    const config = join(this.dir, "haproxy.cfg");
    writeFileSync(config, haproxyConfig({ port: this.port, servers: this.members, statsSocket: join(this.dir, "admin.sock") }));
    // -db: stay in the foreground, so this process owns it; -q: no startup chatter.
    const haproxy = (this.haproxy = spawn("haproxy", ["-db", "-q", "-f", config], { stdio: ["ignore", "ignore", "pipe"], detached: true }));
    this.haproxyExited = once(haproxy, "exit");
    createInterface({ input: haproxy.stderr! }).on("line", (line) => this.note(`[haproxy] ${line}`));
    haproxy.once("exit", (code) => this.note(`[haproxy] exited with ${code}`));
  }

  /** Waits (polling the stats socket, bounded) until HAProxy's view of the servers satisfies `done`. */
  private async waitUntil(done: (states: Map<string, string>) => boolean, limitMs = 20_000): Promise<void> {
    const until = Date.now() + limitMs;
    for (;;) {
      const states = await this.serverStates().catch(() => new Map<string, string>());
      if (done(states)) return;
      if (Date.now() > until) throw new Error(`HAProxy did not see the instances up in time: ${JSON.stringify([...states])}`);
      if (this.haproxy?.exitCode !== null && this.haproxy?.exitCode !== undefined) throw new Error("haproxy exited");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private admin(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(join(this.dir, "admin.sock"));
      const chunks: Buffer[] = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      socket.on("end", () => resolve(Buffer.concat(chunks).toString()));
      socket.on("error", reject);
      socket.write(command);
    });
  }

  private note(line: string): void {
    this.options.log?.(line);
    this.recent.push(line);
    if (this.recent.length > 50) this.recent.shift();
  }
}

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
