// The transport a connection is served over (stdio, in memory, or any custom one the SDK accepts).
export type { Transport } from "@modelcontextprotocol/server";
