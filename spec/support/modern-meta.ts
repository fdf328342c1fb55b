/** The `_meta` envelope a 2026-07-28 request carries in place of a session, for specs that write requests by hand. */
export const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "spec", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};
