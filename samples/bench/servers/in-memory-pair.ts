// One side of the in-memory comparison in a process of its own: the client and the server share
// this process, and nothing of the other side runs in it (mcpkit's AsyncLocalStorage, once used,
// makes every promise of the process dearer through Node's promise hooks; the baseline must not pay that).
// Driven by the core suite over IPC: { era, side } starts it, { plan } runs one round, { close } ends it.
import { InMemoryTransport } from "@modelcontextprotocol/client";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { createTestClient } from "../../../lib/testing/index.js";
import { checkEcho, measureRound, newClient, warmUp, type Era, type Plan } from "../suites/core-round.js";
import { createMcpkitEcho } from "./mcpkit-echo.js";
import { createSdkEcho } from "./sdk-echo.js";

const [side, era] = process.argv.slice(2) as ["sdk" | "mcpkit", Era];

async function connect() {
  if (side === "mcpkit") return createTestClient(createMcpkitEcho(), { era });
  // The SDK's dual-era entry over an in-memory pair, as mcpkit serves it.
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const served = serveStdio(() => createSdkEcho(), { transport: serverTransport });
  const client = newClient(era);
  await client.connect(clientTransport);
  return {
    client,
    async close() {
      await client.close();
      await served.close();
    },
  };
}

const { client, close } = await connect();
await checkEcho(era, client);
let warm = false;
process.on("message", (message: { plan?: Plan; close?: true }) => {
  void (async () => {
    try {
      if (message.close) {
        await close();
        process.disconnect();
        return;
      }
      if (!warm) await warmUp(client, message.plan!);
      warm = true;
      process.send!({ result: await measureRound(client, message.plan!) });
    } catch (error) {
      process.send!({ error: (error as Error).stack ?? String(error) });
    }
  })();
});
process.send!({ ready: true });
