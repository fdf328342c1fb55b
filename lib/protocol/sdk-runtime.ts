// The SDK-dependent half of the protocol layer, loaded lazily through `loadProtocolRuntime()`: nothing
// on a stdio server's start-up path imports the SDK, so its first answers do not wait for it.
export { parseJSONRPCMessage, UriTemplate } from "@modelcontextprotocol/server";
export { serveStdio } from "@modelcontextprotocol/server/stdio";
export { createProtocolServer } from "./sdk-server.js";
export { createInputStateCodec } from "./request-state-codec.js";
export { withStacklessClose } from "./stackless-close.js";
export { checkToolResult } from "./tool-result-check.js";
