import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { isProtocolRuntimeLoaded, loadProtocolRuntime, protocolRuntime } from "../protocol-runtime.js";
import { paramsProblem, usableId, type RequestProblem } from "../request-shape.js";
import { TopLevelIdScanner } from "./top-level-ids.js";

/** What the frame reader needs from its transport. */
export interface FrameReaderOptions {
  /** The largest message accepted, in bytes; a longer line is refused and skipped. */
  maxMessageBytes: number;
  /** Writes a JSON-RPC error straight to the client. */
  reply(message: { jsonrpc: "2.0"; id: string | number; error: { code: number; message: string } }): void;
  /** Reports a refused frame that has no id to answer (stderr). */
  warn(message: string): void;
  /** Receives each well-formed message. */
  deliver(message: JSONRPCMessage): void;
}

const INVALID_REQUEST = -32600;
/** The members a request or notification may have. */
const FRAME_MEMBERS = new Set(["jsonrpc", "id", "method", "params"]);
const INVALID_PARAMS = -32602;

/**
 * Reads newline-delimited JSON-RPC from stdin. The SDK's stdio reader silently drops a frame that is
 * valid JSON but not a valid message (leaving a client waiting forever for its answer) and closes
 * the whole connection on a line over its buffer limit; here every frame that carries a usable id
 * gets a JSON-RPC error instead, an oversized line is refused and skipped, and only well-formed
 * messages are delivered.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while skipping the rest of an oversized line: its size so far, and where its ids are read. */
  private oversized?: { bytes: number; ids: TopLevelIdScanner };
  /**
   * Lines read while the SDK's message schema loads (a frame only it can judge came before the SDK
   * was loaded): they are judged, in order, once it is.
   */
  private backlog?: string[];

  constructor(private readonly options: FrameReaderOptions) {}

  read(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, end));
      this.endLine();
      start = end + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.oversized) {
      this.oversized.bytes += part.length;
      this.oversized.ids.read(part);
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
    if (this.pendingBytes > this.options.maxMessageBytes) {
      const ids = new TopLevelIdScanner();
      for (const buffered of this.pending) ids.read(buffered);
      this.oversized = { bytes: this.pendingBytes, ids };
      this.pending = [];
      this.pendingBytes = 0;
    }
  }

  private endLine(): void {
    if (this.oversized) {
      const { ids, bytes } = this.oversized;
      this.oversized = undefined;
      this.refuseOversized(ids.finish(), bytes);
      return;
    }
    const line = Buffer.concat(this.pending).toString("utf8").replace(/\r$/, "");
    this.pending = [];
    this.pendingBytes = 0;
    if (this.backlog) return void this.backlog.push(line);
    this.judge(line);
  }

  /** Delivers, refuses or skips one complete line. */
  private judge(line: string): void {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // Not JSON: no id to answer. The SDK skips such lines too (tools that print to stdout).
      this.options.warn(`skipped a stdin line that is not JSON (${line.length} characters)`);
      return;
    }
    if (!Array.isArray(value) && !isPlainRequestFrame(value) && !isProtocolRuntimeLoaded()) return this.waitForSchema(line);
    let message: JSONRPCMessage;
    try {
      message = parseFrame(value);
    } catch {
      return this.refuse(value, describe(value));
    }
    const problem = "method" in message && "id" in message ? paramsProblem(message.method, message.params) : undefined;
    if (problem) return this.refuse(message, problem);
    this.options.deliver(message);
  }

  private waitForSchema(line: string): void {
    const backlog = (this.backlog = [line]);
    void loadProtocolRuntime().then(() => {
      this.backlog = undefined;
      for (const waiting of backlog) this.judge(waiting);
    });
  }

  private refuse(value: unknown, problem: RequestProblem): void {
    const frames = Array.isArray(value) ? value : [value];
    let answered = 0;
    for (const frame of frames) {
      const id = usableId(frame);
      if (id === undefined) continue;
      this.options.reply({ jsonrpc: "2.0", id, error: problem });
      answered++;
    }
    if (answered === 0) this.options.warn(`refused a message with no id to answer: ${problem.message}`);
  }

  private refuseOversized(ids: readonly (string | number)[], bytes: number): void {
    const message = `Request too large: ${bytes} bytes, over the limit of ${this.options.maxMessageBytes} bytes for one message`;
    if (ids.length === 0) return this.options.warn(`skipped a ${bytes}-byte stdin line: over the ${this.options.maxMessageBytes}-byte limit, and no id to answer`);
    for (const id of ids) this.options.reply({ jsonrpc: "2.0", id, error: { code: INVALID_REQUEST, message } });
  }
}

/** The message in a frame, checked by the SDK's message schema; throws when it is not one. */
function parseFrame(value: unknown): JSONRPCMessage {
  if (Array.isArray(value)) throw new TypeError("a batch");
  // Requests and notifications of the plain shape need no schema; responses and the rest go to the SDK's.
  return isPlainRequestFrame(value) ? (value as JSONRPCMessage) : protocolRuntime().parseJSONRPCMessage(value);
}

/**
 * A request or notification the SDK's message schema certainly accepts: only the four members, "2.0",
 * an integer or string id, a method name, and params (if any) an object whose `_meta` (if any) is an
 * object with a well-typed progress token.
 */
function isPlainRequestFrame(value: unknown): boolean {
  if (!isPlainObject(value) || value.jsonrpc !== "2.0" || typeof value.method !== "string") return false;
  for (const key in value) if (!FRAME_MEMBERS.has(key)) return false;
  if ("id" in value && usableId(value) === undefined) return false;
  const params = value.params;
  if (params === undefined) return !("params" in value);
  if (!isPlainObject(params)) return false;
  const meta = params._meta;
  if (meta === undefined) return !("_meta" in params);
  if (!isPlainObject(meta)) return false;
  const token = meta.progressToken;
  return token === undefined ? !("progressToken" in meta) : usableId({ id: token }) !== undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A readable reason for a frame the SDK's message schema refused. */
function describe(value: unknown): RequestProblem {
  if (Array.isArray(value)) return { code: INVALID_REQUEST, message: "Invalid Request: JSON-RPC batches are not supported; send one message per line" };
  if (value === null || typeof value !== "object") return { code: INVALID_REQUEST, message: "Invalid Request: a message must be a JSON object" };
  const frame = value as Record<string, unknown>;
  if (frame.jsonrpc !== "2.0") return { code: INVALID_REQUEST, message: 'Invalid Request: "jsonrpc" must be "2.0"' };
  if ("id" in frame && usableId(frame) === undefined) return { code: INVALID_REQUEST, message: 'Invalid Request: "id" must be a string or an integer' };
  if (typeof frame.method !== "string") return { code: INVALID_REQUEST, message: 'Invalid Request: "method" must be a string' };
  const extra = Object.keys(frame).find((key) => !FRAME_MEMBERS.has(key));
  if (extra !== undefined) return { code: INVALID_REQUEST, message: `Invalid Request: unexpected member "${extra.slice(0, 64)}" in a request` };
  return paramsProblem(frame.method, frame.params) ?? { code: INVALID_PARAMS, message: `Invalid params of ${frame.method}` };
}
