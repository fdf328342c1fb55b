import { elicit, log, sample, Service, Tool } from "../../lib/index.js";

/**
 * Tools showing what a server may and may not send a client; mcpkit enforces the rules, so the
 * methods are plain. In 2026-07-28 every request says which capabilities its client has and which
 * log level it wants, in `_meta`.
 */
@Service()
export class ClientRules {
  // Needs sampling. A 2026-07-28 request that did not declare it is refused with -32021 (HTTP 400)
  // naming `{ sampling: {} }`; a 2025-11-25 client without it gets a tool error saying so.
  @Tool({ name: "test_missing_capability", description: "Asks the client's model for a word; needs the sampling capability" })
  async needsSampling() {
    const reply = await sample("Say one word.", { maxTokens: 10 });
    return reply.content.type === "text" ? reply.content.text : "(no text in the reply)";
  }

  // Asks the user mid-call. In 2026-07-28 the question never becomes a request of its own on the
  // response stream: the call ends as an input-required result and the client retries with the answer.
  @Tool({ name: "test_streaming_elicitation", description: "Asks the user whether to continue, then says what they chose" })
  async askToContinue() {
    const answer = await elicit({
      message: "Continue?",
      requestedSchema: { type: "object", properties: { proceed: { type: "boolean" } }, required: ["proceed"] },
    });
    return answer.action === "accept" && answer.content?.proceed === true ? "Continuing." : `Stopped (${answer.action}).`;
  }

  // Logs at three levels. A 2026-07-28 request hears only the messages at or above the level its
  // `_meta["io.modelcontextprotocol/logLevel"]` names, and nothing when it names none; a 2025-11-25
  // session hears what `logging/setLevel` allows.
  @Tool({ name: "test_logging_tool", description: "Logs a debug, an info and a warning message, each sent only if the client asked for that level" })
  async logAtLevels() {
    await log("debug", "Checking the input");
    await log("info", { step: "work", items: 3 });
    await log("warning", "Nothing to do for item 2; skipped");
    return "Logged three messages.";
  }
}
