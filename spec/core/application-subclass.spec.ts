import { expect } from "chai";
import { McpApplication, Prompt, Resource, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";

@Service()
class Greetings {
  async greeting(): Promise<string> {
    return "Hello";
  }
}

@Service()
class ClockTools {
  @Tool()
  async now(): Promise<string> {
    return "noon";
  }
}

class ShopServer extends McpApplication {
  constructor() {
    super({ name: "shop", services: [ClockTools], onWarning: () => undefined });
  }

  @Tool()
  async hello(name: string): Promise<string> {
    // The application's own container is there: the subclass is served on this very instance.
    return `${await this.resolve(Greetings).greeting()}, ${name} from ${this.options.name}`;
  }

  @Resource({ uri: "shop://about", mimeType: "text/plain" })
  async about(): Promise<string> {
    return "A shop";
  }

  @Prompt()
  async welcome(): Promise<string> {
    return "Welcome the customer.";
  }
}

describe("an application subclass with its own handlers", () => {
  it("serves the subclass's tools, resources and prompts next to its services'", async () => {
    const { client, close } = await createTestClient(new ShopServer());
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).to.deep.equal(["hello", "now"]);
      const result = await client.callTool({ name: "hello", arguments: { name: "Ada" } });
      expect(result.content).to.deep.equal([{ type: "text", text: "Hello, Ada from shop" }]);
      const about = await client.readResource({ uri: "shop://about" });
      expect(about.contents[0]).to.include({ text: "A shop" });
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).to.deep.equal(["welcome"]);
    } finally {
      await close();
    }
  });

  it("a plain McpApplication serves only its services", async () => {
    const { client, close } = await createTestClient(new McpApplication({ name: "plain", services: [ClockTools] }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).to.deep.equal(["now"]);
    } finally {
      await close();
    }
  });
});
