import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { McpApplication, type McpApplicationOptions } from "../server/mcp-application.js";

/** A started application and an SDK client connected to it in memory. */
export interface TestClient {
  client: Client;
  app: McpApplication;
  /** Closes the client and the application. */
  close(): Promise<void>;
}

export interface TestClientOptions {
  capabilities?: ClientCapabilities;
}

/**
 * Starts an application (or takes a started one) and connects a real SDK client in memory.
 * @example
 * const { client, close } = await createTestClient({ name: "t", services: [UserTools] });
 * const result = await client.callTool({ name: "getUser", arguments: { id: "1" } });
 */
export async function createTestClient(appOrOptions: McpApplication | McpApplicationOptions, options: TestClientOptions = {}): Promise<TestClient> {
  const app = appOrOptions instanceof McpApplication ? appOrOptions : new McpApplication(appOrOptions);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport);
  const client = new Client({ name: "mcpkit-test-client", version: "1.0.0" }, { capabilities: options.capabilities ?? {} });
  await client.connect(clientTransport);
  return {
    client,
    app,
    async close() {
      await client.close();
      await app.close();
    },
  };
}
