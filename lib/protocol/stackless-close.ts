import type { Server } from "@modelcontextprotocol/server";

interface Closing {
  _onclose?: () => void;
  onclose?: () => void;
}

/**
 * A 2026-07-28 HTTP request builds a server and closes it when answered, and on every close the SDK
 * builds a "Connection closed" error, capturing a stack, for the calls still waiting (after a
 * clean exchange: none). That error is made here without a stack. The SDK builds it just before it
 * calls `onclose`, so the stack limit is back before any callback or abort listener runs.
 */
export function withStacklessClose(server: Server): Server {
  const target = server as unknown as Closing;
  const close = target._onclose;
  if (typeof close !== "function") return server;
  target._onclose = function (this: Closing) {
    const limit = Error.stackTraceLimit;
    const callback = this.onclose;
    const restore = () => {
      Error.stackTraceLimit = limit;
      this.onclose = callback;
      callback?.();
    };
    this.onclose = restore;
    Error.stackTraceLimit = 0;
    try {
      close.call(this);
    } finally {
      Error.stackTraceLimit = limit;
      if (this.onclose === restore) this.onclose = callback;
    }
  };
  return server;
}
