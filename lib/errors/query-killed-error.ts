import { McpKitError } from "./mcpkit-error.js";

/** A SQL query was stopped on the database server because its call was cancelled or ran out of time. */
export class QueryKilledError extends McpKitError {
  constructor(
    readonly pool: string,
    readonly threadId: number,
    sql: string,
    reason: string,
  ) {
    super(`${pool}: query killed on the server (KILL QUERY ${threadId}) because ${reason}. SQL: ${sql.length > 200 ? sql.slice(0, 200) + "…" : sql}`);
  }
}
