import type { Readable, Writable } from "node:stream";
import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/server";
import { FrameReader } from "./stdio-frames.js";

/** Options of the stdio transport. */
export interface StdioTransportOptions {
  /** The largest message accepted on stdin, in bytes; default 4 MiB (as the HTTP body limit). */
  maxMessageBytes?: number;
  /** Where refused frames without an id are reported; default stderr. */
  warn?: (message: string) => void;
}

/**
 * MCP over stdin/stdout, for a server that must not lose a call. Unlike the SDK's stdio transport it
 * answers malformed frames that carry an id (see FrameReader), survives an oversized line, and does
 * not close when stdin ends: the application drains its calls in flight first and then closes it,
 * so every call a client sent before hanging up is answered. `inputEnded` resolves when stdin ends.
 */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly inputEnded: Promise<void>;
  private closed = false;
  /** Frames waiting for the end of this turn of the event loop, and the promise their senders await. */
  private queued = "";
  private batch?: { written: Promise<void>; resolve: () => void; reject: (error: Error) => void };
  private readonly reader: FrameReader;
  private readonly onData = (chunk: Buffer) => this.reader.read(chunk);
  private readonly onStdoutError = (error: Error) => {
    // A client that hung up stops reading (EPIPE): nothing more can be written; never crash on it.
    if (!this.closed) this.onerror?.(error);
  };

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    options: StdioTransportOptions = {},
  ) {
    const warn = options.warn ?? ((message: string) => void process.stderr.write(`stdio: ${message}\n`));
    this.reader = new FrameReader({
      maxMessageBytes: options.maxMessageBytes ?? 4 * 1024 * 1024,
      warn,
      reply: (message) => void this.write(message).catch(() => undefined),
      deliver: (message) => this.onmessage?.(message),
    });
    this.inputEnded = new Promise((resolve) => {
      stdin.once("end", resolve);
      stdin.once("close", resolve);
    });
  }

  async start(): Promise<void> {
    this.stdin.on("data", this.onData);
    this.stdout.on("error", this.onStdoutError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(message);
  }

  /**
   * Queues a frame; the frames queued in one turn of the event loop go out in one write. A stdout
   * pipe is written synchronously, one system call per write: with many calls in flight, the answers
   * ready together share one.
   */
  private write(message: object): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.queued += JSON.stringify(message) + "\n";
    if (!this.batch) {
      let settle!: { resolve: () => void; reject: (error: Error) => void };
      const written = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      this.batch = { written, ...settle };
      setImmediate(this.flush);
    }
    return this.batch.written;
  }

  private readonly flush = () => {
    const batch = this.batch;
    if (!batch) return;
    const text = this.queued;
    this.batch = undefined;
    this.queued = "";
    const flushed = this.stdout.write(text, (error) => (error ? batch.reject(error) : undefined));
    if (flushed) batch.resolve();
    else this.stdout.once("drain", batch.resolve);
  };

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.stdin.off("data", this.onData);
    if (this.stdin.listenerCount("data") === 0) this.stdin.pause();
    this.onclose?.();
  }
}
