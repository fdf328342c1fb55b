import type { IncomingMessage } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";

/**
 * What the SDK's 2025 transport would refuse a POST for, sessions or stateless (checked first, so the
 * refusal can name the request's id and no server is made for it): the Accept header, and a
 * protocol version header of no 2025 revision. (The Content-Type is checked for both eras before routing.)
 */
export function legacyPostProblem(req: IncomingMessage): { status: number; message: string } | undefined {
  const accept = req.headers.accept ?? "";
  if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
    return { status: 406, message: "Not Acceptable: Client must accept both application/json and text/event-stream" };
  }
  const version = req.headers["mcp-protocol-version"];
  if (typeof version === "string" && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    return { status: 400, message: `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})` };
  }
  return undefined;
}

