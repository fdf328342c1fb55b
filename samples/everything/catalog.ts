import { Complete, Content, Prompt, Resource, resourceUpdated, Service, Tool } from "../../lib/index.js";
import { RED_PIXEL_PNG } from "./media.js";

const WORDS = ["paris", "park", "party", "pasta", "test", "testing", "tested"];

/** Resources and prompts: static text and binary, a typed template, a watched resource, prompts with args, images and resources. */
@Service()
export class Catalog {
  @Resource({ uri: "test://static-text", name: "static-text", description: "A static text resource", mimeType: "text/plain" })
  async staticText() {
    return "This is the content of the static text resource.";
  }

  @Resource({ uri: "test://static-binary", name: "static-binary", description: "A static binary resource (a PNG)", mimeType: "image/png" })
  async staticBinary() {
    return RED_PIXEL_PNG;
  }

  @Resource({ uriTemplate: "test://template/{id}/data", name: "template-data", description: "Data for one id", mimeType: "application/json" })
  @Complete("id", (typed) => ["1", "2", "3", "123"].filter((id) => id.startsWith(typed)))
  async templateData(id: string) {
    return { id, templateTest: true, data: `Data for ID: ${id}` };
  }

  private watchedText = "Watched resource content";

  @Resource({ uri: "test://watched-resource", name: "watched-resource", description: "A resource clients can subscribe to", mimeType: "text/plain" })
  async watched() {
    return this.watchedText;
  }

  @Tool({ name: "test_update_watched_resource", description: "Changes the watched resource; subscribers are notified" })
  async updateWatched(text: string) {
    this.watchedText = text;
    resourceUpdated("test://watched-resource");
    return "updated";
  }

  @Prompt({ name: "test_simple_prompt", description: "A prompt without arguments" })
  async simplePrompt() {
    return "This is a simple prompt for testing.";
  }

  @Prompt({
    name: "test_prompt_with_arguments",
    description: "A prompt with two required arguments",
    arguments: [
      { name: "arg1", description: "First test argument", required: true },
      { name: "arg2", description: "Second test argument", required: true },
    ],
  })
  @Complete("arg1", (typed) => WORDS.filter((word) => word.startsWith(typed)))
  async promptWithArguments(arg1: string, arg2: string) {
    return `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`;
  }

  @Prompt({
    name: "test_prompt_with_embedded_resource",
    description: "A prompt that embeds a resource",
    arguments: [{ name: "resourceUri", description: "URI of the resource to embed", required: true }],
  })
  async promptWithEmbeddedResource(resourceUri: string) {
    return [
      { role: "user" as const, content: Content.resource(resourceUri, "Embedded resource content for testing.") },
      { role: "user" as const, content: Content.text("Please process the embedded resource above.") },
    ];
  }

  @Prompt({ name: "test_prompt_with_image", description: "A prompt that carries an image" })
  async promptWithImage() {
    return [
      { role: "user" as const, content: Content.image(RED_PIXEL_PNG, "image/png") },
      { role: "user" as const, content: Content.text("Please analyze the image above.") },
    ];
  }
}
