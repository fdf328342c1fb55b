import { McpApplication } from "../../lib/index.js";
import { Catalog } from "./catalog.js";
import { ContentTools } from "./content-tools.js";
import { InteractiveTools } from "./interactive-tools.js";

/** Every MCP feature, written only with mcpkit decorators: the server the conformance suite checks. */
export function everythingApp(): McpApplication {
  return new McpApplication({ name: "mcpkit-everything", version: "0.1.0", services: [ContentTools, InteractiveTools, Catalog] });
}
