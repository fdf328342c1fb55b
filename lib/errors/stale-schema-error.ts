import { McpKitError } from "./mcpkit-error.js";

/** A generated schema no longer matches its method: the source changed since `mcpkit schema` ran. */
export class StaleSchemaError extends McpKitError {
  constructor(where: string, problem: string) {
    super(`Generated schema for ${where} is stale: ${problem}. Fix: run \`npx mcpkit schema\` (\`npm run build\` does) and rebuild.`);
  }
}
