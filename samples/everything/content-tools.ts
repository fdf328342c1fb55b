import { Content, Service, Tool, ToolResult } from "../../lib/index.js";
import { RED_PIXEL_PNG, silentWav } from "./media.js";

/** The arguments of json_schema_2020_12_tool (its explicit schema says which combinations are valid). */
interface Contact {
  name?: string;
  address?: { street?: string; city?: string };
  contactMethod?: "phone" | "email";
  phone?: string;
  email?: string;
}

/** Tools answering with each kind of content a tool result can hold. */
@Service()
export class ContentTools {
  @Tool({ name: "test_simple_text", description: "Returns one text block" })
  async simpleText() {
    return "This is a simple text response for testing.";
  }

  @Tool({ name: "test_image_content", description: "Returns a PNG image" })
  async image() {
    return ToolResult.image(RED_PIXEL_PNG, "image/png");
  }

  @Tool({ name: "test_audio_content", description: "Returns a WAV audio clip" })
  async audio() {
    return ToolResult.audio(silentWav(), "audio/wav");
  }

  @Tool({ name: "test_embedded_resource", description: "Returns a resource embedded in the result" })
  async embeddedResource() {
    return ToolResult.resource("test://embedded-resource", "This is an embedded resource content.", "text/plain");
  }

  @Tool({ name: "test_resource_link", description: "Returns a link to a resource instead of its contents" })
  async resourceLink() {
    return ToolResult.resourceLink("test://static-text", "static-text", { mimeType: "text/plain", description: "The static text resource" });
  }

  @Tool({ name: "test_multiple_content_types", description: "Returns text, an image and an embedded resource" })
  async mixed() {
    return ToolResult.of(
      Content.text("Multiple content types test:"),
      Content.image(RED_PIXEL_PNG, "image/png"),
      Content.resource("test://mixed-content-resource", JSON.stringify({ test: "data", value: 123 }), "application/json"),
    );
  }

  @Tool({ name: "test_error_handling", description: "Always fails, to show how errors reach the model" })
  async errorHandling(): Promise<string> {
    throw new Error("This tool intentionally returns an error for testing");
  }

  // An explicit schema is served exactly as written: 2020-12 `$defs` with an `$anchor`, a `$ref`,
  // composition (`allOf`/`anyOf`) and conditionals (`if`/`then`/`else`) reach the client untouched,
  // and arguments are validated against all of it before the method runs.
  @Tool({
    name: "json_schema_2020_12_tool",
    description: "Tool with JSON Schema 2020-12 features",
    input: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      $defs: {
        address: { $anchor: "addressDef", type: "object", properties: { street: { type: "string" }, city: { type: "string" } } },
      },
      properties: {
        name: { type: "string" },
        address: { $ref: "#/$defs/address" },
        contactMethod: { type: "string", enum: ["phone", "email"] },
        phone: { type: "string" },
        email: { type: "string" },
      },
      // At least one way to reach the person, and the one named in contactMethod.
      allOf: [{ anyOf: [{ required: ["phone"] }, { required: ["email"] }] }],
      if: { properties: { contactMethod: { const: "phone" } }, required: ["contactMethod"] },
      then: { required: ["phone"] },
      else: { required: ["email"] },
      additionalProperties: false,
    },
  })
  async jsonSchema(contact: Contact) {
    return `Received ${JSON.stringify(contact)}`;
  }

  @Tool({
    name: "test_structured_output",
    description: "Returns structured content checked against its output schema",
    output: { type: "object", properties: { city: { type: "string" }, celsius: { type: "number" } }, required: ["city", "celsius"] },
  })
  async structured(city = "Paris") {
    return { city, celsius: 21.5 };
  }
}
