import { expect } from "chai";
import { DecoratorUsageError, Prompt, Resource, Service, Tool } from "../../lib/index.js";
import { metadataStore } from "../../lib/metadata/metadata-store.js";

describe("decorators", () => {
  it("record a tool named after its method when given no options", () => {
    @Service()
    class Greeter {
      @Tool() async greet(name: string) {
        return `hi ${name}`;
      }
    }
    const metadata = metadataStore.get(Greeter)!;
    expect(metadata.service).to.deep.equal({ scope: "singleton" });
    expect(metadata.handlers).to.deep.include({ kind: "tool", methodName: "greet", name: "greet", title: undefined, description: undefined, annotations: undefined, inputSchema: undefined, outputSchema: undefined, meta: undefined });
  });

  it("record the name, title, description and annotations given to @Tool", () => {
    class Catalogue {
      @Tool({ name: "find_item", title: "Find", description: "Finds an item.", annotations: { readOnlyHint: true } })
      async find(id: string) {
        return id;
      }
    }
    const [tool] = metadataStore.get(Catalogue)!.handlers;
    expect(tool).to.include({ name: "find_item", title: "Find", description: "Finds an item." });
    expect(tool).to.have.deep.property("annotations", { readOnlyHint: true });
  });

  it("reject a tool that is not async, naming the class, the method and the fix", () => {
    expect(() => {
      class Sync {
        @Tool() add(a: number, b: number) {
          return a + b;
        }
      }
      return Sync;
    }).to.throw(DecoratorUsageError, /@Tool on Sync\.add: the method is not async\. Fix: declare it `async`/);
  });

  it("accept a method that is not declared async but returns a Promise", () => {
    class PromiseReturning {
      @Tool() later(): Promise<number> {
        return Promise.resolve(1);
      }
    }
    expect(metadataStore.get(PromiseReturning)!.handlers).to.have.length(1);
  });

  it("reject a decorator on a property", () => {
    expect(() => {
      class WithProperty {
        @(Tool() as PropertyDecorator) value = 1;
      }
      return WithProperty;
    }).to.throw(DecoratorUsageError, /@Tool on WithProperty\.value: it is not a method/);
  });

  it("reject a decorator on a static method", () => {
    expect(() => {
      class WithStatic {
        @Tool() static async make() {
          return 1;
        }
      }
      return WithStatic;
    }).to.throw(DecoratorUsageError, /WithStatic\.make: it is a static method/);
  });

  it("require exactly one of uri and uriTemplate on @Resource", () => {
    expect(() => {
      class Both {
        @Resource({ uri: "a://b", uriTemplate: "a://{x}" }) async read() {
          return "";
        }
      }
      return Both;
    }).to.throw(DecoratorUsageError, /exactly one of `uri` or `uriTemplate`/);
  });

  it("record prompt arguments when given", () => {
    class Prompts {
      @Prompt({ arguments: [{ name: "topic", description: "What to write about", required: true }] })
      async write(topic: string) {
        return topic;
      }
    }
    expect(metadataStore.get(Prompts)!.handlers[0]).to.deep.include({ kind: "prompt", name: "write" });
  });

  it("let a subclass inherit handlers and override a base method's declaration", () => {
    class Base {
      @Tool({ description: "base" }) async one() {
        return 1;
      }
      @Tool() async two() {
        return 2;
      }
    }
    class Derived extends Base {
      @Tool({ description: "derived" }) override async one() {
        return 11;
      }
    }
    const handlers = metadataStore.get(Derived)!.handlers;
    expect(handlers.map((h) => [h.methodName, (h as { description?: string }).description])).to.deep.equal([
      ["one", "derived"],
      ["two", undefined],
    ]);
  });
});
