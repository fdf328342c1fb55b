import { expect } from "chai";
import { Cached, elicit, Service, Tool } from "../../../lib/index.js";
import { createTestClient } from "../../../lib/testing/index.js";
import { firstText, settled } from "./support.js";

const daysForm = (city: string) => ({
  message: `How many days in ${city}?`,
  requestedSchema: { type: "object" as const, properties: { days: { type: "integer" as const } }, required: ["days"] },
});

/** A shared @Cached tool that asks the user before answering; counts the runs that completed. */
function cachedPlanner() {
  const completed = { runs: 0 };
  @Service()
  class Planner {
    @Tool()
    @Cached({ ttl: "1m", shared: true })
    async plan(city: string) {
      const answer = await elicit(daysForm(city));
      completed.runs++;
      return `${answer.content?.days} days in ${city}`;
    }
  }
  return { Planner, completed };
}

describe("multi-round-trip calls through @Cached (2026-07-28, in memory)", () => {
  it("completes a cached method that elicits once the client answers, then serves the next call from the cache without asking", async () => {
    const { Planner, completed } = cachedPlanner();
    const { client, close } = await createTestClient({ name: "t", services: [Planner] }, { era: "modern", capabilities: { elicitation: {} } });
    try {
      let asked = 0;
      client.setRequestHandler("elicitation/create", async () => {
        asked++;
        return { action: "accept", content: { days: 3 } };
      });
      expect(firstText(await client.callTool({ name: "plan", arguments: { city: "Rome" } }))).to.equal("3 days in Rome");
      expect(firstText(await client.callTool({ name: "plan", arguments: { city: "Rome" } }))).to.equal("3 days in Rome");
      expect({ asked, runs: completed.runs }).to.deep.equal({ asked: 1, runs: 1 });
    } finally {
      await close();
    }
  });

  // A cache's single flight must not hand one call's "input needed" to another call that joined it.
  it("completes two concurrent calls of a cached method that elicits", async () => {
    const { Planner } = cachedPlanner();
    const { client, close } = await createTestClient({ name: "t", services: [Planner] }, { era: "modern", capabilities: { elicitation: {} } });
    try {
      client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { days: 3 } }));
      const outcomes = await Promise.all([1, 2].map(() => settled(client.callTool({ name: "plan", arguments: { city: "Rome" } }))));
      for (const outcome of outcomes) {
        expect(outcome, JSON.stringify((outcome as { error?: Error }).error?.message)).to.have.property("value");
        expect(firstText((outcome as { value: unknown }).value)).to.equal("3 days in Rome");
      }
    } finally {
      await close();
    }
  });
});
