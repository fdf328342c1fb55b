import type { IncomingMessage } from "node:http";
import { classifyInboundRequest } from "@modelcontextprotocol/server";

/** The per-request envelope's claim key (`_meta`); present, it makes a request 2026-07-28 traffic. */
const CLAIM = "io.modelcontextprotocol/protocolVersion";
const FIRST_MODERN = "2026-07-28";
const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);

/**
 * True for a POST the 2026-07-28 handler answers: its body claims that revision (or claims it
 * wrongly, which that handler rejects). The SDK's classifier is the authority; it checks the body
 * with several zod schemas that fail on the way (a failing parse builds its issues), so the shapes
 * every request takes are answered here first, with the same outcome, and only the rest go to it.
 */
export function isModernPost(req: IncomingMessage, body: unknown): boolean {
  const protocolVersionHeader = header(req, "mcp-protocol-version");
  const quick = quickRoute(body, protocolVersionHeader);
  if (quick) return quick === "modern";
  const outcome = classifyInboundRequest({
    httpMethod: "POST",
    protocolVersionHeader,
    mcpMethodHeader: header(req, "mcp-method"),
    mcpNameHeader: header(req, "mcp-name"),
    body,
  });
  return outcome.kind !== "legacy";
}

/**
 * The classifier's routing for the common shapes, undefined when unsure:
 * - a non-`initialize` message with a `method` whose `_meta` carries the claim is never legacy
 *   (it is served or rejected by the modern path, whatever else it holds);
 * - a strictly well-formed JSON-RPC request or notification without the claim, whose
 *   MCP-Protocol-Version header is absent or names a 2025 revision, is legacy.
 */
function quickRoute(body: unknown, versionHeader: string | undefined): "modern" | "legacy" | undefined {
  if (!isObject(body) || typeof body.method !== "string") return undefined;
  const params = body.params;
  if (params !== undefined && !isObject(params)) return undefined;
  const meta = params?._meta;
  if (meta !== undefined && !isObject(meta)) return undefined;
  if (meta && CLAIM in meta) return body.method === "initialize" ? undefined : "modern";
  if (versionHeader !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(versionHeader) && versionHeader < FIRST_MODERN)) return undefined;
  if (body.jsonrpc !== "2.0") return undefined;
  for (const key in body) if (!REQUEST_KEYS.has(key)) return undefined;
  if ("id" in body && !isId(body.id)) return undefined;
  // The SDK's schema types these two `_meta` keys; anything unusual there is left to it.
  if (meta && (("progressToken" in meta && !isId(meta.progressToken)) || "io.modelcontextprotocol/related-task" in meta)) return undefined;
  return "legacy";
}

function isId(value: unknown): boolean {
  return typeof value === "string" || (typeof value === "number" && Number.isSafeInteger(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
