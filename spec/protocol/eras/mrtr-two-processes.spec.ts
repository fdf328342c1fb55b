import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Client, ProtocolError, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { firstText, settled, startHttpProcess, type HttpProcess } from "./support.js";

const SERVER = fileURLToPath(new URL("../../fixtures/mrtr-server.js", import.meta.url));

function startInstance(name: string, secret: string): Promise<HttpProcess> {
  return startHttpProcess(SERVER, [], { ...process.env, MRTR_INSTANCE: name, MRTR_SECRET: secret });
}

/** Where each POST went and what it carried, in order. */
interface Post {
  instance: string;
  method: string;
  retry: boolean;
}

/**
 * A fetch that sends each successive POST to the next instance in turn (A, B, A, ...), as a load
 * balancer without affinity would, and records where each one went.
 */
function alternatingFetch(instances: { name: string; url: string }[], posts: Post[]): typeof fetch {
  let next = 0;
  return (input, init) => {
    if ((init?.method ?? "GET") !== "POST") return fetch(input, init);
    const target = instances[next++ % instances.length]!;
    const body = JSON.parse(String(init!.body)) as { method?: string; params?: { requestState?: string } };
    posts.push({ instance: target.name, method: body.method ?? "(response)", retry: body.params?.requestState !== undefined });
    return fetch(target.url, init);
  };
}

function modernClient(): { client: Client; asked: { elicit: unknown[]; sample: unknown[] } } {
  const client = new Client({ name: "spec", version: "1.0.0" }, { capabilities: { elicitation: {}, sampling: {} }, versionNegotiation: { mode: { pin: "2026-07-28" } } });
  const asked = { elicit: [] as unknown[], sample: [] as unknown[] };
  client.setRequestHandler("elicitation/create", async (request) => {
    asked.elicit.push(request.params);
    return { action: "accept", content: { days: 3 } };
  });
  client.setRequestHandler("sampling/createMessage", async (request) => {
    asked.sample.push(request.params);
    return { role: "assistant", model: "spec-model", content: { type: "text", text: "museums, then the river" } };
  });
  return { client, asked };
}

describe("multi-round-trip calls across two server processes (2026-07-28)", function () {
  this.timeout(20_000);
  // A and B share a secret, as instances behind one endpoint must; C has its own.
  let a: HttpProcess, b: HttpProcess, c: HttpProcess;
  before(async () => {
    const shared = randomBytes(32).toString("base64");
    [a, b, c] = await Promise.all([startInstance("A", shared), startInstance("B", shared), startInstance("C", randomBytes(32).toString("base64"))]);
  });
  after(() => Promise.all([a, b, c].map((instance) => instance?.stop())));

  it("completes a call whose retries land on the other process when both share the requestState secret", async () => {
    const { client, asked } = modernClient();
    const posts: Post[] = [];
    try {
      const fetch = alternatingFetch([{ name: "A", url: a.url }, { name: "B", url: b.url }], posts);
      await client.connect(new StreamableHTTPClientTransport(new URL(a.url), { fetch }));
      expect(client.getProtocolEra()).to.equal("modern");

      const result = await client.callTool({ name: "planTrip", arguments: { city: "Lisbon" } });

      expect(result.isError).to.not.equal(true);
      expect(firstText(result)).to.match(/^3 days in Lisbon: museums, then the river \[completed by [AB]\]$/);
      expect(asked.elicit).to.have.length(1);
      expect(asked.elicit[0]).to.deep.include({ message: "How many days in Lisbon?" });
      expect(asked.sample).to.have.length(1);
      expect(asked.sample[0]).to.deep.include({ maxTokens: 50, messages: [{ role: "user", content: { type: "text", text: "Plan 3 days in Lisbon." } }] });

      // Three rounds of one call, each on the other process than the round before.
      const rounds = posts.filter((p) => p.method === "tools/call");
      expect(rounds.map((p) => p.retry)).to.deep.equal([false, true, true]);
      for (let i = 1; i < rounds.length; i++) expect(rounds[i]!.instance, `round ${i + 1}`).to.not.equal(rounds[i - 1]!.instance);
      expect(firstText(result)).to.include(`[completed by ${rounds.at(-1)!.instance}]`);
    } finally {
      await client.close().catch(() => undefined);
    }
  });

  it("refuses a retry sealed by a process with another secret with a clear error, not a hang", async () => {
    const { client, asked } = modernClient();
    const posts: Post[] = [];
    try {
      const fetch = alternatingFetch([{ name: "A", url: a.url }, { name: "C", url: c.url }], posts);
      await client.connect(new StreamableHTTPClientTransport(new URL(a.url), { fetch }));

      const outcome = await settled(client.callTool({ name: "planTrip", arguments: { city: "Lisbon" } }));

      const error = (outcome as { error?: unknown }).error;
      expect(error, "the call must fail").to.be.instanceOf(ProtocolError);
      expect(error).to.include({ code: -32602, message: "Invalid or expired requestState" });
      expect((error as ProtocolError).data).to.deep.equal({ reason: "invalid_request_state" });
      // The first round asked the user; its retry reached the other process, which refused the state.
      expect(asked.elicit).to.have.length(1);
      expect(asked.sample).to.have.length(0);
      const rounds = posts.filter((p) => p.method === "tools/call");
      expect(rounds.map((p) => p.retry)).to.deep.equal([false, true]);
      expect(rounds[1]!.instance).to.not.equal(rounds[0]!.instance);
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
