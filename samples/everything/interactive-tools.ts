import { setTimeout as delay } from "node:timers/promises";
import { closeCallStream, currentSignal, elicit, log, reportProgress, sample, Service, Tool } from "../../lib/index.js";

/** Tools that talk back to the client during the call: logging, progress, sampling, elicitation. */
@Service()
export class InteractiveTools {
  @Tool({ name: "test_tool_with_logging", description: "Sends three log messages while it runs" })
  async withLogging() {
    await log("info", "Tool execution started");
    await delay(50, undefined, { signal: currentSignal() });
    await log("info", "Tool processing data");
    await delay(50, undefined, { signal: currentSignal() });
    await log("info", "Tool execution completed");
    return "Logging test completed";
  }

  @Tool({ name: "test_tool_with_progress", description: "Reports progress 0, 50 and 100 of 100" })
  async withProgress() {
    await reportProgress(0, 100);
    await delay(50, undefined, { signal: currentSignal() });
    await reportProgress(50, 100);
    await delay(50, undefined, { signal: currentSignal() });
    await reportProgress(100, 100);
    return "Progress test completed";
  }

  @Tool({ name: "test_streaming", description: "Streams lines as progress and returns them all" })
  async *streaming(lines = 3) {
    for (let i = 1; i <= lines; i++) yield `line ${i}\n`;
  }

  @Tool({ name: "test_sampling", description: "Asks the client's model to answer a prompt" })
  async sampling(prompt: string) {
    const reply = await sample({ messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 100 });
    return `LLM response: ${reply.content.type === "text" ? reply.content.text : JSON.stringify(reply.content)}`;
  }

  @Tool({ name: "test_elicitation", description: "Asks the user for a username and an email address" })
  async elicitation(message: string) {
    const answer = await elicit({
      message,
      requestedSchema: {
        type: "object",
        properties: {
          username: { type: "string", description: "User's response" },
          email: { type: "string", description: "User's email address" },
        },
        required: ["username", "email"],
      },
    });
    return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @Tool({ name: "test_elicitation_sep1034_defaults", description: "Asks for input with a default for every primitive type" })
  async elicitationDefaults() {
    const answer = await elicit({
      message: "Please review and update the form fields with defaults",
      requestedSchema: {
        type: "object",
        properties: {
          name: { type: "string", description: "User name", default: "John Doe" },
          age: { type: "integer", description: "User age", default: 30 },
          score: { type: "number", description: "User score", default: 95.5 },
          status: { type: "string", description: "User status", enum: ["active", "inactive", "pending"], default: "active" },
          verified: { type: "boolean", description: "Verification status", default: true },
        },
      },
    });
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @Tool({ name: "test_elicitation_sep1330_enums", description: "Asks for input with every enum form" })
  async elicitationEnums() {
    const answer = await elicit({
      message: "Please select options from the enum fields",
      requestedSchema: {
        type: "object",
        properties: {
          untitledSingle: { type: "string", description: "Untitled single-select", enum: ["option1", "option2", "option3"] },
          titledSingle: {
            type: "string",
            description: "Titled single-select",
            oneOf: [
              { const: "value1", title: "First Option" },
              { const: "value2", title: "Second Option" },
              { const: "value3", title: "Third Option" },
            ],
          },
          legacyEnum: { type: "string", description: "Legacy titled enum", enum: ["opt1", "opt2", "opt3"], enumNames: ["Option One", "Option Two", "Option Three"] },
          untitledMulti: { type: "array", description: "Untitled multi-select", items: { type: "string", enum: ["option1", "option2", "option3"] } },
          titledMulti: {
            type: "array",
            description: "Titled multi-select",
            items: {
              anyOf: [
                { const: "value1", title: "First Choice" },
                { const: "value2", title: "Second Choice" },
                { const: "value3", title: "Third Choice" },
              ],
            },
          },
        },
      },
    });
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @Tool({ name: "test_reconnection", description: "Closes its SSE stream mid-call; the result arrives after the client reconnects" })
  async reconnection() {
    closeCallStream();
    // Give the client time to see the stream end before the result is stored for replay.
    await delay(100, undefined, { signal: currentSignal() });
    return "Reconnection test completed successfully";
  }
}
