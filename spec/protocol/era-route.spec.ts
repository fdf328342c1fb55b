import { expect } from "chai";
import type { IncomingMessage } from "node:http";
import { classifyInboundRequest } from "@modelcontextprotocol/server";
import { isModernPost } from "../../lib/protocol/transports/era-route.js";

const claim = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "spec", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};
const call = (extra: Record<string, unknown> = {}) => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: {} }, ...extra });

/** Bodies and headers a client sends, well-formed or not; each routed as the SDK's own classifier routes it. */
const CASES: Array<[string, unknown, Record<string, string>?]> = [
  ["a 2026-07-28 call", call({ params: { name: "echo", _meta: claim } }), { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call" }],
  ["a 2026-07-28 call without headers", call({ params: { name: "echo", _meta: claim } })],
  ["a claim naming a 2025 revision", call({ params: { _meta: { ...claim, "io.modelcontextprotocol/protocolVersion": "2025-11-25" } } })],
  ["a claim that is not a string", call({ params: { _meta: { "io.modelcontextprotocol/protocolVersion": 7 } } })],
  ["a claim whose Mcp-Method header names another method", call({ params: { _meta: claim } }), { "mcp-method": "tools/list" }],
  ["a claimed notification", { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1, _meta: claim } }],
  ["an initialize carrying a valid claim", { jsonrpc: "2.0", id: 1, method: "initialize", params: { _meta: claim } }],
  ["an initialize carrying a 2025 claim", { jsonrpc: "2.0", id: 1, method: "initialize", params: { _meta: { "io.modelcontextprotocol/protocolVersion": "2025-11-25" } } }],
  ["a 2025 initialize", { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } } }],
  ["a 2025 initialize with a 2026 header", { jsonrpc: "2.0", id: 1, method: "initialize", params: {} }, { "mcp-protocol-version": "2026-07-28" }],
  ["a 2025 session call", call(), { "mcp-protocol-version": "2025-11-25" }],
  ["a 2025 call without a version header", call()],
  ["a 2025 call whose header has spaces", call(), { "mcp-protocol-version": " 2025-11-25 " }],
  ["a call without a claim but a 2026 header", call(), { "mcp-protocol-version": "2026-07-28" }],
  ["a call with a header that is no date", call(), { "mcp-protocol-version": "latest" }],
  ["a 2025 notification", { jsonrpc: "2.0", method: "notifications/initialized" }],
  ["a 2025 call with a progress token", call({ params: { name: "echo", _meta: { progressToken: "p" } } })],
  ["a progress token that is not an integer", call({ params: { name: "echo", _meta: { progressToken: 1.5 } } })],
  ["a related-task key", call({ params: { _meta: { "io.modelcontextprotocol/related-task": { taskId: "t" } } } })],
  ["a wrong jsonrpc version", call({ jsonrpc: "1.0" })],
  ["an unknown top-level key", call({ extra: true })],
  ["a null id", call({ id: null })],
  ["a fractional id", call({ id: 1.5 })],
  ["params that are an array", call({ params: [1] })],
  ["_meta that is an array", call({ params: { _meta: [] } })],
  ["a posted response", { jsonrpc: "2.0", id: 1, result: {} }],
  ["a posted error", { jsonrpc: "2.0", id: 1, error: { code: 1, message: "m" } }],
  ["a method and a result", { jsonrpc: "2.0", id: 1, method: "ping", result: {} }],
  ["a batch", [call(), { jsonrpc: "2.0", method: "notifications/initialized" }]],
  ["a batch with a claimed element", [call({ params: { _meta: claim } })]],
  ["a number", 42],
  ["null", null],
];

describe("routing a POST between the protocol eras", () => {
  for (const [name, body, headers = {}] of CASES) {
    it(`routes ${name} as the SDK's classifier does`, () => {
      const sdk = classifyInboundRequest({
        httpMethod: "POST",
        protocolVersionHeader: headers["mcp-protocol-version"],
        mcpMethodHeader: headers["mcp-method"],
        mcpNameHeader: headers["mcp-name"],
        body,
      });
      expect(isModernPost({ headers } as unknown as IncomingMessage, body)).to.equal(sdk.kind !== "legacy");
    });
  }
});
