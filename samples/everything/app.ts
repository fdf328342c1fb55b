import { McpApplication } from "../../lib/index.js";
import { Catalog } from "./catalog.js";
import { ClientRules } from "./client-rules.js";
import { ContentTools } from "./content-tools.js";
import { InputRounds } from "./input-rounds.js";
import { InteractiveTools } from "./interactive-tools.js";
import { ListChanges } from "./list-changes.js";

/** Every MCP feature, written only with mcpkit decorators: the server the conformance suite checks. */
export function everythingApp(): McpApplication {
  const app: McpApplication = new McpApplication({
    name: "mcpkit-everything",
    version: "0.1.0",
    // ContentTools first: clients try the first listed tool (test_simple_text, no arguments).
    services: [ContentTools, InteractiveTools, Catalog, InputRounds, ClientRules, ListChanges],
    // ListChanges adds and removes services at runtime, so it is given the application itself.
    providers: [{ provide: McpApplication, useFactory: () => app }],
  });
  return app;
}
