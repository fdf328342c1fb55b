import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

/** A promise the test settles by hand: what a method awaits instead of the test sleeping. */
export interface Gate<T = void> {
  promise: Promise<T>;
  open(value: T): void;
}

export function gate<T = void>(): Gate<T> {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** The text of the first content block of a tool result, resource read or prompt message. */
export function firstText(result: unknown): string {
  const r = result as { content?: { text?: string }[]; contents?: { text?: string }[]; messages?: { content: { text?: string } }[] };
  return r.content?.[0]?.text ?? r.contents?.[0]?.text ?? r.messages?.[0]?.content.text ?? "";
}

/** What a promise settled to, so a test can assert on a rejection as on a value. */
export async function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** A server program running as a child process, serving Streamable HTTP. */
export interface HttpProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote on stderr so far, for failure messages. */
  stderr: string[];
  /** Sends SIGTERM and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node <script> ...args` and resolves once it printed the line `… at <url>` on stderr
 * (`MCP over Streamable HTTP at <url>`); rejects if the process exits before that.
 */
export async function startHttpProcess(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<HttpProcess> {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  const stderr: string[] = [];
  const exited = once(child, "exit");
  const lines = createInterface({ input: child.stderr! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      stderr.push(line);
      const match = /MCP over Streamable HTTP at (\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    exited.then(
      ([code]) => reject(new Error(`${script} exited with ${code} before listening:\n${stderr.join("\n")}`)),
      (error: unknown) => reject(error),
    );
  });
  return {
    child,
    url,
    stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const [code] = await exited;
      return code as number | null;
    },
  };
}
