import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { idKey, type Id } from "./frames.js";
import { preview } from "./random.js";

/** What the fuzz specs require of every message a server writes. */
export function checkServerMessage(message: unknown): string | undefined {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return "not a JSON object";
  const m = message as Record<string, unknown>;
  if (m.jsonrpc !== "2.0") return '"jsonrpc" is not "2.0"';
  if ("method" in m) return "id" in m ? "a request to the client, which the flagship never makes" : typeof m.method === "string" ? undefined : "a notification without a method name";
  if (!("id" in m)) return "neither a response nor a notification";
  if (m.id !== null && typeof m.id !== "string" && !(typeof m.id === "number")) return `a response whose id is ${preview(m.id)}`;
  if (("result" in m) === ("error" in m)) return "a response with both or neither of result and error";
  if ("error" in m) {
    const error = m.error as { code?: unknown; message?: unknown } | null;
    if (error === null || typeof error !== "object") return "an error that is not an object";
    if (!Number.isInteger(error.code)) return "an error without an integer code";
    if (typeof error.message !== "string" || error.message.trim() === "") return "an error without a message";
    if (/\n\s+at /.test(error.message)) return "an error whose message is a stack trace";
  }
  return undefined;
}

/**
 * Every line a server writes on its stdout: each must be a JSON-RPC message; responses are indexed by
 * id so a spec can await one and count them all once the stream has ended.
 */
export class AnswerLog {
  readonly problems: string[] = [];
  readonly responses = new Map<string, Record<string, unknown>[]>();
  readonly ended: Promise<void>;
  private readonly waiting = new Map<string, ((message: Record<string, unknown>) => void)[]>();

  constructor(output: Readable) {
    const lines = createInterface({ input: output, crlfDelay: Infinity });
    lines.on("line", (line) => this.take(line));
    this.ended = new Promise((resolve) => lines.once("close", () => resolve()));
  }

  private take(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.problems.push(`a stdout line that is not JSON: ${preview(line)}`);
      return;
    }
    const problem = checkServerMessage(message);
    if (problem) this.problems.push(`${problem}: ${preview(message)}`);
    const m = message as Record<string, unknown>;
    if (m === null || typeof m !== "object" || "method" in m || !("id" in m)) return;
    const key = idKey(m.id);
    this.responses.set(key, [...(this.responses.get(key) ?? []), m]);
    for (const resolve of this.waiting.get(key) ?? []) resolve(m);
    this.waiting.delete(key);
  }

  /** The first response naming `id`, when it comes. */
  answer(id: Id): Promise<Record<string, unknown>> {
    const key = idKey(id);
    const found = this.responses.get(key)?.[0];
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiting.set(key, [...(this.waiting.get(key) ?? []), resolve]));
  }

  /** Resolves once every id has an answer, or rejects after `ms` naming the ones still unanswered. */
  async all(ids: Id[], ms: number, describe: (id: Id) => string = () => ""): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const missing = ids.filter((id) => !this.responses.has(idKey(id)));
        reject(new Error(`${missing.length} frame(s) with a usable id got no answer within ${ms} ms:\n${missing.slice(0, 10).map((id) => `      ${idKey(id)}: ${describe(id)}`).join("\n")}`));
      }, ms);
    });
    try {
      await Promise.race([Promise.all(ids.map((id) => this.answer(id))), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * After the stream ended: each owed id answered exactly once per frame that owed it, plus at most one
   * more per frame that carried it without being owed an answer (an unusable id, or a line a known bug
   * may answer with it); no response naming an id that no frame carried.
   */
  tally(owed: Id[], tolerated: unknown[]): string[] {
    const problems = [...this.problems];
    const count = (ids: unknown[]) => {
      const counts = new Map<string, number>();
      for (const id of ids) counts.set(idKey(id), (counts.get(idKey(id)) ?? 0) + 1);
      return counts;
    };
    const owedCount = count(owed);
    const toleratedCount = count(tolerated);
    for (const [key, expected] of owedCount) {
      const got = this.responses.get(key)?.length ?? 0;
      const extra = toleratedCount.get(key) ?? 0;
      if (got < expected || got > expected + extra) problems.push(`id ${key}: ${got} answer(s), expected ${expected}${extra ? ` (up to ${expected + extra})` : ""}`);
    }
    for (const [key, responses] of this.responses) {
      if (owedCount.has(key) || key === "null") continue;
      const allowed = toleratedCount.get(key);
      if (allowed === undefined) problems.push(`an answer naming id ${key}, which no frame carried: ${preview(responses[0])}`);
      else if (responses.length > allowed) problems.push(`id ${key}: ${responses.length} answers to ${allowed} frame(s)`);
    }
    return problems;
  }
}
