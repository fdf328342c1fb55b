import { expect } from "chai";
import { InMemoryTransport, type JSONRPCMessage } from "@modelcontextprotocol/client";
import { McpApplication, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** A raw JSON-RPC peer on an in-memory connection: sends frames and awaits the ones that match. */
async function rawConnection(app: McpApplication) {
  const [client, server] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  const waiters: { match: (m: JSONRPCMessage) => boolean; resolve: (m: JSONRPCMessage) => void }[] = [];
  client.onmessage = (message) => {
    received.push(message);
    for (const waiter of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  };
  await client.start();
  await app.connect(server);
  const next = (match: (m: JSONRPCMessage) => boolean) =>
    new Promise<JSONRPCMessage>((resolve) => {
      const found = received.find(match);
      if (found) resolve(found);
      else waiters.push({ match, resolve });
    });
  return {
    send: (message: Record<string, unknown>) => client.send({ jsonrpc: "2.0", ...message } as JSONRPCMessage),
    answer: (id: number) => next((m) => "id" in m && m.id === id && !("method" in m)) as Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }>,
    notification: (method: string) => next((m) => "method" in m && m.method === method && !("id" in m)) as Promise<{ params: Record<string, unknown> }>,
    close: () => client.close(),
  };
}

class Echo {
  @Tool({ input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } })
  async echo({ text }: { text: string }) {
    return text;
  }
}

describe("protocol era negotiation", () => {
  for (const [era, expected] of [["legacy", "legacy"], ["modern", "modern"], ["auto", "modern"]] as const) {
    it(`serves a client in "${era}" mode in the ${expected} era`, async () => {
      const { client, close } = await createTestClient({ name: "t", services: [Echo] }, { era });
      try {
        expect(client.getProtocolEra()).to.equal(expected);
        expect(await client.callTool({ name: "echo", arguments: { text: "hi" } })).to.deep.include({ content: [{ type: "text", text: "hi" }] });
      } finally {
        await close();
      }
    });
  }

  it("answers a server/discover probe without pinning the connection, so the client may still initialize", async () => {
    const app = new McpApplication({ name: "probe", version: "1.2.3", services: [Echo] });
    const peer = await rawConnection(app);
    try {
      await peer.send({ id: 1, method: "server/discover", params: { _meta: MODERN_META } });
      const discovered = await peer.answer(1);
      expect(discovered.result).to.have.property("supportedVersions").that.includes("2026-07-28");
      await peer.send({ id: 2, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
      const initialized = await peer.answer(2);
      expect(initialized.result).to.deep.include({ protocolVersion: "2025-11-25", serverInfo: { name: "probe", version: "1.2.3" } });
      await peer.send({ method: "notifications/initialized" });
      await peer.send({ id: 3, method: "tools/call", params: { name: "echo", arguments: { text: "legacy" } } });
      expect((await peer.answer(3)).result).to.deep.include({ content: [{ type: "text", text: "legacy" }] });
    } finally {
      await peer.close();
      await app.close();
    }
  });

  it("refuses initialize on a connection already serving 2026-07-28 requests", async () => {
    const app = new McpApplication({ name: "pinned", services: [Echo] });
    const peer = await rawConnection(app);
    try {
      await peer.send({ id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "modern" }, _meta: MODERN_META } });
      expect((await peer.answer(1)).result).to.deep.include({ content: [{ type: "text", text: "modern" }], resultType: "complete" });
      await peer.send({ id: 2, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
      expect((await peer.answer(2)).error).to.have.property("code", -32022);
    } finally {
      await peer.close();
      await app.close();
    }
  });

  it("tells a 2026-07-28 connection's subscriptions/listen stream about services added at runtime", async () => {
    class Later {
      @Tool({ input: { type: "object", properties: {} } })
      async later() {
        return "added";
      }
    }
    const app = new McpApplication({ name: "listen", services: [Echo] });
    const peer = await rawConnection(app);
    try {
      await peer.send({ id: 1, method: "subscriptions/listen", params: { notifications: { toolsListChanged: true }, _meta: MODERN_META } });
      const ack = await peer.notification("notifications/subscriptions/acknowledged");
      const subscriptionId = (ack.params._meta as Record<string, unknown>)["io.modelcontextprotocol/subscriptionId"];
      expect(subscriptionId).to.not.equal(undefined);
      await app.addService(Later);
      const changed = await peer.notification("notifications/tools/list_changed");
      expect((changed.params._meta as Record<string, unknown>)["io.modelcontextprotocol/subscriptionId"]).to.equal(subscriptionId);
    } finally {
      await peer.close();
      await app.close();
    }
  });
});
