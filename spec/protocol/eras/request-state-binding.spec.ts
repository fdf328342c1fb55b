import { expect } from "chai";
import { Client, InMemoryTransport, ProtocolError } from "@modelcontextprotocol/client";
import { currentCall, elicit, McpApplication, Prompt, Service, Tool, type AuthInfo } from "../../../lib/index.js";
import { settled } from "./support.js";

type InputRequired = { resultType: "input_required"; inputRequests: Record<string, unknown>; requestState: string };
type Params = Record<string, unknown>;

/**
 * A tool and a prompt that each ask two questions, so the state of the second round holds the
 * first answer (what a replayed state would leak).
 */
function askingServices() {
  const pinForm = { message: "Your PIN?", requestedSchema: { type: "object" as const, properties: { pin: { type: "string" as const } }, required: ["pin"] } };
  const confirmForm = { message: "Sure?", requestedSchema: { type: "object" as const, properties: { ok: { type: "boolean" as const } }, required: ["ok"] } };
  @Service()
  class Vault {
    @Tool({ input: { type: "object", properties: {} } })
    async unlock() {
      const pin = await elicit(pinForm);
      await elicit(confirmForm);
      return `${currentCall()!.principal?.id ?? "nobody"} unlocked with PIN ${pin.content?.pin}`;
    }

    @Tool({ input: { type: "object", properties: {} } })
    async other() {
      const pin = await elicit(pinForm);
      await elicit(confirmForm);
      return `other with PIN ${pin.content?.pin}`;
    }

    @Prompt({ name: "unlock" })
    async unlockPrompt() {
      const pin = await elicit(pinForm);
      await elicit(confirmForm);
      return `prompt with PIN ${pin.content?.pin}`;
    }
  }
  return Vault;
}

/** A 2026-07-28 client in manual multi-round-trip mode, connected in memory as `sub` (or as nobody). */
async function connectAs(app: McpApplication, sub?: string) {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const authInfo: AuthInfo | undefined = sub === undefined ? undefined : { token: `${sub}-token`, clientId: "spec", scopes: [], extra: { sub } };
  await app.connect(serverTransport, { authInfo });
  const client = new Client({ name: sub ?? "anonymous", version: "1.0.0" }, { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await client.connect(clientTransport);
  return {
    client,
    /** One round, handing an input-required result back instead of answering it. */
    round: (method: "tools/call" | "prompts/get", params: Params) => client.request({ method, params } as never, { allowInputRequired: true }) as Promise<Record<string, unknown>>,
  };
}

const accept = (content: Record<string, unknown>) => ({ action: "accept", content });

/** Runs the first two rounds of `unlock` as `who` and returns the state that carries the PIN. */
async function stateHoldingPin(who: Awaited<ReturnType<typeof connectAs>>, pin: string): Promise<string> {
  const first = (await who.round("tools/call", { name: "unlock", arguments: {} })) as InputRequired;
  expect(first.resultType).to.equal("input_required");
  const second = (await who.round("tools/call", { name: "unlock", arguments: {}, requestState: first.requestState, inputResponses: { "input-0": accept({ pin }) } })) as InputRequired;
  expect(second.resultType).to.equal("input_required");
  expect(Object.keys(second.inputRequests)).to.deep.equal(["input-1"]);
  return second.requestState;
}

function expectInvalidState(outcome: { value: unknown } | { error: unknown }) {
  const error = (outcome as { error?: unknown }).error;
  expect(error, `expected a refusal, got ${JSON.stringify((outcome as { value?: unknown }).value)}`).to.be.instanceOf(ProtocolError);
  expect(error).to.include({ code: -32602, message: "Invalid or expired requestState" });
}

describe("requestState is bound to what it was minted for (2026-07-28, in memory)", () => {
  it("completes the call for the caller that answered every round", async () => {
    const app = new McpApplication({ name: "vault", services: [askingServices()] });
    const alice = await connectAs(app, "alice");
    try {
      const state = await stateHoldingPin(alice, "1234");
      const done = await alice.round("tools/call", { name: "unlock", arguments: {}, requestState: state, inputResponses: { "input-1": accept({ ok: true }) } });
      expect(done.content).to.deep.equal([{ type: "text", text: "sub:alice unlocked with PIN 1234" }]);
    } finally {
      await alice.client.close();
      await app.close();
    }
  });

  it("refuses a state minted for one tool when it is sent with another", async () => {
    const app = new McpApplication({ name: "vault", services: [askingServices()] });
    const alice = await connectAs(app, "alice");
    try {
      const state = await stateHoldingPin(alice, "1234");
      expectInvalidState(await settled(alice.round("tools/call", { name: "other", arguments: {}, requestState: state, inputResponses: { "input-1": accept({ ok: true }) } })));
    } finally {
      await alice.client.close();
      await app.close();
    }
  });

  it("refuses a state minted for tools/call when it is sent with prompts/get", async () => {
    const app = new McpApplication({ name: "vault", services: [askingServices()] });
    const alice = await connectAs(app, "alice");
    try {
      const state = await stateHoldingPin(alice, "1234");
      expectInvalidState(await settled(alice.round("prompts/get", { name: "unlock", arguments: {}, requestState: state, inputResponses: { "input-1": accept({ ok: true }) } })));
    } finally {
      await alice.client.close();
      await app.close();
    }
  });

  // A connection's principal (app.connect(transport, { authInfo })) binds the state as a token's would.
  it("refuses a state minted for one connection's principal when another principal sends it", async () => {
    const app = new McpApplication({ name: "vault", services: [askingServices()] });
    const alice = await connectAs(app, "alice");
    const bob = await connectAs(app, "bob");
    try {
      const aliceState = await stateHoldingPin(alice, "1234");
      expectInvalidState(await settled(bob.round("tools/call", { name: "unlock", arguments: {}, requestState: aliceState, inputResponses: { "input-1": accept({ ok: true }) } })));
    } finally {
      await alice.client.close();
      await bob.client.close();
      await app.close();
    }
  });
});
