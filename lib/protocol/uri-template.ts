// RFC 6570 URI templates, as MCP resource templates use them: the SDK's implementation, behind the protocol layer.
export { UriTemplate } from "@modelcontextprotocol/server";
