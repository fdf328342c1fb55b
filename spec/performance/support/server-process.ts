import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";

type Message = { id?: number | string; result?: unknown; error?: unknown };

/**
 * Runs `send` while the server process is stopped (SIGSTOP), then lets it run on: everything sent
 * waits in the kernel's pipe or socket buffers, so the server finds the whole burst at once however
 * busy the machine is. `send` resolves once its bytes were handed to the kernel.
 */
export async function sendWhilePaused(child: ChildProcess, send: () => Promise<void>): Promise<void> {
  child.kill("SIGSTOP");
  try {
    await send();
  } finally {
    child.kill("SIGCONT");
  }
}

/** A server process spoken to in JSON-RPC lines over its stdin and stdout. */
export class StdioProcess {
  private readonly waiting = new Map<number | string, (message: Message) => void>();

  private constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line) as Message;
      if (message.id !== undefined) this.waiting.get(message.id)?.(message);
    });
  }

  static async start(script: string, env: NodeJS.ProcessEnv): Promise<StdioProcess> {
    const server = new StdioProcess(spawn(process.execPath, [script], { env, stdio: ["pipe", "pipe", "ignore"] }));
    await server.request({ jsonrpc: "2.0", id: "init", method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } });
    await server.write([{ jsonrpc: "2.0", method: "notifications/initialized" }]);
    return server;
  }

  /** The answer to one request. */
  async request(message: { id: number | string; [field: string]: unknown }): Promise<Message> {
    const answer = this.answerTo(message.id);
    await this.write([message]);
    return answer;
  }

  answerTo(id: number | string): Promise<Message> {
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  /** Writes the messages as one chunk; resolves once it reached the pipe. */
  write(messages: object[]): Promise<void> {
    const chunk = messages.map((m) => JSON.stringify(m) + "\n").join("");
    return new Promise((resolve, reject) => this.child.stdin!.write(chunk, (error) => (error ? reject(error) : resolve())));
  }

  async close(): Promise<void> {
    const exited = once(this.child, "exit");
    this.child.stdin!.end();
    await exited;
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON-RPC message of a JSON body, or of the last `data:` line of an event stream. */
  message?: Message;
}

/** Plain HTTP POSTs over kept-alive connections, each telling when its bytes left. */
export class HttpPoster {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 200 });

  constructor(private readonly url: string) {}

  /** Opens `count` connections at once (GET /health), so a burst later reuses them. */
  async openConnections(count: number): Promise<void> {
    const health = this.url.replace(/\/mcp$/, "/health");
    await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
      request(health, { agent: this.agent }, (res) => res.resume().on("end", resolve)).on("error", reject).end();
    })));
  }

  /** Sends one POST; `sent` resolves when the request was handed to the kernel, `answer` with the response. */
  post(headers: Record<string, string>, body: object): { sent: Promise<void>; answer: Promise<HttpAnswer> } {
    let sent!: Promise<void>;
    const answer = new Promise<HttpAnswer>((resolve, reject) => {
      const req = request(this.url, { method: "POST", agent: this.agent, headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve({ status: res.statusCode!, headers: res.headers, message: parseBody(text) }));
      });
      req.on("error", reject);
      sent = new Promise((done) => req.end(JSON.stringify(body), done));
    });
    return { sent, answer };
  }

  close(): void {
    this.agent.destroy();
  }
}

function parseBody(text: string): Message | undefined {
  if (text.trim() === "") return undefined;
  if (text.trimStart().startsWith("{")) return JSON.parse(text) as Message;
  const data = text.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trim()).filter((line) => line.startsWith("{"));
  return data.length ? (JSON.parse(data[data.length - 1]!) as Message) : undefined;
}
