import type { CallContext } from "../context/call-context.js";

/** Most characters of streamed output kept for the final result; past it the stream is stopped. */
export const DEFAULT_STREAM_LIMIT = 1_000_000;

/** Longest chunk text sent in one progress notification's message. */
const MAX_PROGRESS_MESSAGE = 4_000;

/** True for what an `async *` method returns. */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === "object" && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}

/**
 * Consumes an async-generator tool's output: each chunk goes to the client at once as a progress
 * notification (when it asked for progress) and is appended to the result. Text is kept up to
 * `limit` characters; past that the generator is stopped (its `finally` blocks run) and the result
 * ends with a note saying so. A value the generator `return`s replaces the assembled text.
 * Cancellation stops the generator too.
 */
export async function collectStream(stream: AsyncIterable<unknown>, context: CallContext, limit: number = DEFAULT_STREAM_LIMIT): Promise<unknown> {
  const iterator = stream[Symbol.asyncIterator]();
  const wantsProgress = context.client.progressToken !== undefined;
  let text = "";
  let chunks = 0;
  try {
    for (;;) {
      context.signal.throwIfAborted();
      const step = await iterator.next();
      if (step.done) return step.value !== undefined ? step.value : text;
      const chunk = typeof step.value === "string" ? step.value : JSON.stringify(step.value) + "\n";
      chunks++;
      if (wantsProgress) {
        const message = chunk.length > MAX_PROGRESS_MESSAGE ? chunk.slice(0, MAX_PROGRESS_MESSAGE) + "…" : chunk;
        await context.client.progress(chunks, undefined, message);
      }
      if (text.length + chunk.length > limit) {
        text += chunk.slice(0, limit - text.length);
        await iterator.return?.(undefined);
        return `${text}\n\n[Output truncated: the tool streamed more than ${limit} characters; the stream was stopped after ${chunks} chunks.]`;
      }
      text += chunk;
    }
  } catch (error) {
    await iterator.return?.(undefined)?.catch(() => undefined);
    throw error;
  }
}
