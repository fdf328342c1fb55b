import { expect } from "chai";
import type { ElicitRequest } from "@modelcontextprotocol/client";
import { clientSupports, elicit, sample, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

@Service()
class Assistant {
  @Tool() async summarise(text: string) {
    const reply = await sample(`Summarise: ${text}`, { maxTokens: 50 });
    return reply.content.type === "text" ? `${reply.model}: ${reply.content.text}` : "no text";
  }

  @Tool() async choosePlan() {
    if (!clientSupports("elicitation")) return "cannot ask";
    const answer = await elicit({
      message: "Pick a plan",
      requestedSchema: {
        type: "object",
        properties: {
          plan: { type: "string", oneOf: [{ const: "free", title: "Free" }, { const: "pro", title: "Pro" }], default: "free" },
          seats: { type: "integer", minimum: 1, default: 1 },
          extras: { type: "array", items: { type: "string", enum: ["support", "sso"] } },
        },
        required: ["plan"],
      },
    });
    return answer.action === "accept" ? `accepted ${JSON.stringify(answer.content)}` : answer.action;
  }
}

describe("sampling and elicitation", () => {
  it("asks the client's model and returns its answer", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Assistant] }, { capabilities: { sampling: {} } });
    try {
      let asked: unknown;
      client.setRequestHandler('sampling/createMessage', async (request) => {
        asked = request.params;
        return { role: "assistant", model: "m1", content: { type: "text", text: "short" } };
      });
      const result = await client.callTool({ name: "summarise", arguments: { text: "long story" } });
      expect(result.content).to.deep.equal([{ type: "text", text: "m1: short" }]);
      expect(asked).to.deep.include({ maxTokens: 50, messages: [{ role: "user", content: { type: "text", text: "Summarise: long story" } }] });
    } finally {
      await close();
    }
  });

  it("returns an error result naming the capability when the client cannot sample", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Assistant] });
    try {
      const result = await client.callTool({ name: "summarise", arguments: { text: "x" } });
      expect(result.isError).to.equal(true);
      expect((result.content as { text: string }[])[0]!.text).to.contain('did not declare the "sampling" capability');
    } finally {
      await close();
    }
  });

  it("sends the form with defaults and enum forms, and returns the user's accepted answer", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Assistant] }, { capabilities: { elicitation: {} } });
    try {
      let form: ElicitRequest["params"] | undefined;
      client.setRequestHandler('elicitation/create', async (request) => {
        form = request.params;
        return { action: "accept", content: { plan: "pro", seats: 3, extras: ["sso"] } };
      });
      const result = await client.callTool({ name: "choosePlan", arguments: {} });
      expect(result.content).to.deep.equal([{ type: "text", text: 'accepted {"plan":"pro","seats":3,"extras":["sso"]}' }]);
      expect(form!.message).to.equal("Pick a plan");
      const properties = (form as { requestedSchema: { properties: Record<string, Record<string, unknown>> } }).requestedSchema.properties;
      expect(properties.plan!.default).to.equal("free");
      expect(properties.plan!.oneOf).to.deep.equal([{ const: "free", title: "Free" }, { const: "pro", title: "Pro" }]);
      expect(properties.seats!.default).to.equal(1);
      expect(properties.extras!.items).to.deep.equal({ type: "string", enum: ["support", "sso"] });
    } finally {
      await close();
    }
  });

  it("passes a declined elicitation back to the method", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Assistant] }, { capabilities: { elicitation: {} } });
    try {
      client.setRequestHandler('elicitation/create', async () => ({ action: "decline" }));
      const result = await client.callTool({ name: "choosePlan", arguments: {} });
      expect(result.content).to.deep.equal([{ type: "text", text: "decline" }]);
    } finally {
      await close();
    }
  });

  it("turns an accepted answer that breaks the schema into an error result", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Assistant] }, { capabilities: { elicitation: {} } });
    try {
      client.setRequestHandler('elicitation/create', async () => ({ action: "accept", content: { plan: "gold" } }));
      const result = await client.callTool({ name: "choosePlan", arguments: {} });
      expect(result.isError).to.equal(true);
      expect((result.content as { text: string }[])[0]!.text).to.contain("does not match requested schema");
    } finally {
      await close();
    }
  });

  it("lets a method check the client's capabilities before asking", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Assistant] });
    try {
      expect((await client.callTool({ name: "choosePlan", arguments: {} })).content).to.deep.equal([{ type: "text", text: "cannot ask" }]);
    } finally {
      await close();
    }
  });
});
