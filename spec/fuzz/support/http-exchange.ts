import { request } from "node:http";

/** What a server answered to one HTTP request. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  sessionId?: string;
  /** The body as text (for an SSE stream: what was read of it). */
  body: string;
  /** The JSON-RPC messages in the body: the JSON body, or the data of each SSE event. */
  messages: unknown[];
  /** A body that should hold JSON-RPC and does not parse. */
  unparsable?: string;
}

export interface HttpExchange {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body in several chunks without a Content-Length. */
  chunked?: boolean;
  /** On a connection of its own, closed after the answer, instead of a pooled keep-alive one. */
  ownConnection?: boolean;
}

/**
 * Sends one request and reads its answer. A GET's SSE stream (which stays open) is read up to its
 * headers; a POST's SSE stream until it ends, or until it carried a response naming `stopAtId`. Rejects
 * when no answer is complete within `ms`.
 */
export function exchange(base: URL, call: HttpExchange, ms: number, stopAtId?: unknown): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(call.path, base);
    const req = request(url, { method: call.method, headers: call.headers, ...(call.ownConnection ? { agent: false } : {}) });
    let settled = false;
    const finish = (answer: HttpAnswer | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (answer instanceof Error) reject(answer);
      else resolve(answer);
    };
    const timer = setTimeout(() => {
      finish(new Error(`no complete HTTP answer within ${ms} ms`));
      req.destroy();
    }, ms);
    req.on("error", (error) => finish(error));
    req.on("response", (res) => {
      const contentType = String(res.headers["content-type"] ?? "");
      const sessionId = typeof res.headers["mcp-session-id"] === "string" ? res.headers["mcp-session-id"] : undefined;
      const sse = contentType.includes("text/event-stream");
      let body = "";
      const messages: unknown[] = [];
      let unparsable: string | undefined;
      const answer = () => ({ status: res.statusCode ?? 0, contentType, sessionId, body, messages, unparsable });
      const takeEvents = () => {
        let end: number;
        while ((end = body.indexOf("\n\n")) !== -1) {
          const event = body.slice(0, end);
          body = body.slice(end + 2);
          const data = event
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).replace(/^ /, ""))
            .join("\n");
          if (data === "") continue;
          try {
            messages.push(JSON.parse(data));
          } catch {
            unparsable ??= data;
          }
        }
      };
      if (sse && call.method === "GET") {
        finish(answer());
        res.destroy();
        return;
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
        if (!sse) return;
        takeEvents();
        if (stopAtId !== undefined && messages.some((m) => m !== null && typeof m === "object" && (m as { id?: unknown }).id === stopAtId && !("method" in m))) {
          finish(answer());
          res.destroy();
        }
      });
      res.on("end", () => {
        if (sse) {
          body += "\n\n";
          takeEvents();
        }
        if (!sse && body.trim() !== "" && contentType.includes("application/json")) {
          try {
            const parsed: unknown = JSON.parse(body);
            messages.push(...(Array.isArray(parsed) ? parsed : [parsed]));
          } catch {
            unparsable = body;
          }
        }
        finish(answer());
      });
      res.on("error", (error) => finish(error));
    });
    if (call.body && call.chunked) {
      for (let at = 0; at < call.body.length; at += 1024) req.write(call.body.subarray(at, at + 1024));
      req.end();
    } else req.end(call.body);
  });
}
