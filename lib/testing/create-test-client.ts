import { Client, InMemoryTransport, type ClientCapabilities } from "@modelcontextprotocol/client";
import { McpApplication, type McpApplicationOptions } from "../server/mcp-application.js";

const NEGOTIATION = { legacy: "legacy", modern: { pin: "2026-07-28" }, auto: "auto" } as const;

/** A started application and an SDK client connected to it in memory. */
export interface TestClient {
  client: Client;
  app: McpApplication;
  /** Closes the client and the application. */
  close(): Promise<void>;
}

export interface TestClientOptions {
  capabilities?: ClientCapabilities;
  /**
   * The protocol era the client speaks: "legacy" (default; the 2025 `initialize` handshake),
   * "modern" (2026-07-28: stateless requests carrying their own `_meta` envelope), or "auto" (the
   * client probes with `server/discover` and uses 2026-07-28 when the server offers it).
   */
  era?: "legacy" | "modern" | "auto";
}

/**
 * Starts an application (or takes a started one) and connects a real SDK client in memory.
 * @example
 * const { client, close } = await createTestClient({ name: "t", services: [UserTools] }, { era: "modern" });
 * const result = await client.callTool({ name: "getUser", arguments: { id: "1" } });
 */
export async function createTestClient(appOrOptions: McpApplication | McpApplicationOptions, options: TestClientOptions = {}): Promise<TestClient> {
  const app = appOrOptions instanceof McpApplication ? appOrOptions : new McpApplication(appOrOptions);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await app.connect(serverTransport);
  const client = new Client(
    { name: "mcpkit-test-client", version: "1.0.0" },
    { capabilities: options.capabilities ?? {}, versionNegotiation: { mode: NEGOTIATION[options.era ?? "legacy"] } },
  );
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
