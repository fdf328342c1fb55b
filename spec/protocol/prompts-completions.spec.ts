import { expect } from "chai";
import { Complete, Content, DecoratorUsageError, McpApplication, Prompt, Resource, Service } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

const CITIES = ["Paris", "Parma", "Porto", "Prague", "Oslo"];

@Service()
class Travel {
  cityNames() {
    return CITIES;
  }

  @Prompt({ description: "Plan a trip", arguments: [{ name: "city", required: true }, { name: "days", required: false }] })
  @Complete("city", function (this: Travel, typed) {
    return this.cityNames().filter((c) => c.toLowerCase().startsWith(typed.toLowerCase()));
  })
  async plan(city: string, days?: string) {
    return `Plan ${days ?? "3"} days in ${city}.`;
  }

  @Prompt({ description: "Describe a photo of a city" })
  async photo(city: string) {
    return [
      { role: "user" as const, content: Content.image(new Uint8Array([1, 2, 3]), "image/png") },
      { role: "user" as const, content: Content.resource(`cities://${city}`, `Facts about ${city}`) },
      { role: "user" as const, content: Content.text(`Describe this photo of ${city}.`) },
    ];
  }

  @Resource({ uriTemplate: "cities://{country}/{city}" })
  @Complete("country", "completeCountry")
  @Complete("city", (typed, { arguments: chosen }) => (chosen.country === "fr" ? ["Paris", "Lyon"] : ["Oslo"]).filter((c) => c.startsWith(typed)))
  async city(country: string, city: string) {
    return `${city}, ${country}`;
  }

  completeCountry(typed: string) {
    return { values: ["fr", "no"].filter((c) => c.startsWith(typed)), total: 2, hasMore: false };
  }

  @Prompt() @Complete("word", () => Array.from({ length: 150 }, (_, i) => `w${i}`))
  async many(word: string) {
    return word;
  }
}

describe("prompts and completions", () => {
  it("lists prompts with their arguments and fills them in", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Travel] });
    try {
      const plan = (await client.listPrompts()).prompts.find((p) => p.name === "plan")!;
      expect(plan).to.deep.include({ description: "Plan a trip", arguments: [{ name: "city", required: true }, { name: "days", required: false }] });
      const result = await client.getPrompt({ name: "plan", arguments: { city: "Oslo", days: "2" } });
      expect(result).to.deep.equal({ description: "Plan a trip", messages: [{ role: "user", content: { type: "text", text: "Plan 2 days in Oslo." } }] });
    } finally {
      await close();
    }
  });

  it("returns images and embedded resources in prompt messages", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Travel] });
    try {
      const { messages } = await client.getPrompt({ name: "photo", arguments: { city: "Oslo" } });
      expect(messages.map((m) => m.content)).to.deep.equal([
        { type: "image", data: Buffer.from([1, 2, 3]).toString("base64"), mimeType: "image/png" },
        { type: "resource", resource: { uri: "cities://Oslo", mimeType: "text/plain", text: "Facts about Oslo" } },
        { type: "text", text: "Describe this photo of Oslo." },
      ]);
    } finally {
      await close();
    }
  });

  it("names a missing required prompt argument", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Travel] });
    try {
      const error = await client.getPrompt({ name: "plan", arguments: {} }).catch((e: Error) => e);
      expect((error as Error).message).to.contain('Prompt "plan": missing required argument "city"');
    } finally {
      await close();
    }
  });

  it("completes a prompt argument with a completer bound to the service", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Travel] });
    try {
      const result = await client.complete({ ref: { type: "ref/prompt", name: "plan" }, argument: { name: "city", value: "pa" } });
      expect(result.completion).to.deep.equal({ values: ["Paris", "Parma"] });
      const none = await client.complete({ ref: { type: "ref/prompt", name: "plan" }, argument: { name: "days", value: "" } });
      expect(none.completion).to.deep.equal({ values: [] });
    } finally {
      await close();
    }
  });

  it("completes template variables, by method name and with the arguments already chosen", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Travel] });
    try {
      const ref = { type: "ref/resource" as const, uri: "cities://{country}/{city}" };
      expect((await client.complete({ ref, argument: { name: "country", value: "f" } })).completion).to.deep.equal({ values: ["fr"], total: 2, hasMore: false });
      const cities = await client.complete({ ref, argument: { name: "city", value: "" }, context: { arguments: { country: "fr" } } });
      expect(cities.completion.values).to.deep.equal(["Paris", "Lyon"]);
    } finally {
      await close();
    }
  });

  it("caps a completion at 100 values and says there are more", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Travel] });
    try {
      const { completion } = await client.complete({ ref: { type: "ref/prompt", name: "many" }, argument: { name: "word", value: "" } });
      expect(completion.values).to.have.length(100);
      expect(completion).to.include({ total: 150, hasMore: true });
    } finally {
      await close();
    }
  });

  it("refuses completions for an unknown prompt or template", async () => {
    const { client, close } = await createTestClient({ name: "t", services: [Travel] });
    try {
      const error = await client.complete({ ref: { type: "ref/prompt", name: "nope" }, argument: { name: "x", value: "" } }).catch((e: Error) => e);
      expect((error as Error).message).to.contain('Unknown prompt "nope"');
      const templateError = await client.complete({ ref: { type: "ref/resource", uri: "x://{y}" }, argument: { name: "y", value: "" } }).catch((e: Error) => e);
      expect((templateError as Error).message).to.contain('Unknown resource template "x://{y}"');
    } finally {
      await close();
    }
  });

  it("fails at startup when a completer names no argument of its prompt", async () => {
    @Service()
    class Broken {
      @Prompt() @Complete("town", () => [])
      async plan(city: string) {
        return city;
      }
    }
    const app = new McpApplication({ name: "t", services: [Broken] });
    const error = await app.start().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DecoratorUsageError);
    expect((error as Error).message).to.contain('@Complete on Broken.plan: "town" is not one of its arguments (city)');
    await app.close();
  });
});
