import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { MODERN_META } from "../support/modern-meta.js";

/** The parts of an HTTP answer a spec looks at. */
export interface Answer {
  status: number;
  challenge: string | null;
  retryAfter: string | null;
  body: any;
}

/** A 2026-07-28 request POSTed by hand, so a spec sees the HTTP status and headers. */
export async function postModern(url: string, method: string, params: Record<string, unknown>, token?: string, name?: string): Promise<Answer> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2026-07-28",
    "mcp-method": method,
    ...(name !== undefined && { "mcp-name": name }),
  };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: { ...params, _meta: MODERN_META } }) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // An SSE answer: the last data line is the response.
    const data = text.split("\n").filter((line) => line.startsWith("data: ")).at(-1);
    if (data) body = JSON.parse(data.slice(6));
  }
  return { status: response.status, challenge: response.headers.get("www-authenticate"), retryAfter: response.headers.get("retry-after"), body };
}

/** A 2026-07-28 tools/call POSTed by hand. */
export function postToolCall(url: string, name: string, token?: string, args: Record<string, unknown> = {}): Promise<Answer> {
  return postModern(url, "tools/call", { name, arguments: args }, token, name);
}

/** An SDK client of one era sending a fixed bearer token. */
export async function connectWithToken(url: string, token: string, era: "legacy" | "modern"): Promise<Client> {
  const client = new Client({ name: "spec", version: "1" }, { versionNegotiation: { mode: era === "modern" ? { pin: "2026-07-28" } : "legacy" } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

export function textOf(result: unknown): string {
  return ((result as { content?: { text?: string }[] }).content?.[0]?.text ?? "") as string;
}
