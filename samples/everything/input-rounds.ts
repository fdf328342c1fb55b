import { clientSupports, elicit, listRoots, Prompt, sample, Service, Tool, type ElicitForm } from "../../lib/index.js";

/** Asks for a name; the same question serves several tools. */
const NAME_FORM: ElicitForm = {
  message: "What is your name?",
  requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
};

/** Asks for a yes/no confirmation. */
const CONFIRM_FORM: ElicitForm = {
  message: "Please confirm",
  requestedSchema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] },
};

/** The text of a sampling reply, or a note that it held none. */
function replyText(reply: Awaited<ReturnType<typeof sample>>): string {
  return reply.content.type === "text" ? reply.content.text : "(no text in the reply)";
}

/**
 * Tools and a prompt that ask the client for input in the middle of a call: elicitation, sampling
 * and roots. The same methods serve both protocol eras. A 2025-11-25 client gets each question as
 * a request on its session and the call waits for the answer. A 2026-07-28 call has no session:
 * a question without an answer ends the call as an `input_required` result listing the questions
 * by key, the client retries with `inputResponses`, and the method runs again from the top, now
 * finding its answers (the answers of earlier rounds travel in the sealed `requestState`). So code
 * before a question may run once per round; keep side effects after the last one.
 */
@Service()
export class InputRounds {
  @Tool({ name: "test_input_required_result_elicitation", description: "Asks the user for their name, then greets them" })
  async greetByName() {
    const answer = await elicit(NAME_FORM, { key: "user_name" });
    if (answer.action !== "accept") return `No name given (the user chose ${answer.action}).`;
    return `Hello, ${answer.content?.name}!`;
  }

  @Tool({ name: "test_input_required_result_sampling", description: "Asks the client's model a question and returns its answer" })
  async askModel() {
    const reply = await sample(
      { messages: [{ role: "user", content: { type: "text", text: "What is the capital of France?" } }], maxTokens: 100 },
      { key: "capital_question" },
    );
    return `The model answered: ${replyText(reply)}`;
  }

  @Tool({ name: "test_input_required_result_list_roots", description: "Lists the roots the client shares with the server" })
  async roots() {
    const roots = await listRoots({ key: "client_roots" });
    if (roots.length === 0) return "The client shares no roots.";
    return `The client shares ${roots.length} root(s): ${roots.map((root) => (root.name ? `${root.name} (${root.uri})` : root.uri)).join(", ")}`;
  }

  // In 2026-07-28 the confirmation comes back in a second round together with the `requestState`
  // of the first; mcpkit sealed that state with an HMAC and checks the seal before this method runs
  // again, so reaching the return means the state was intact ("state-ok").
  @Tool({ name: "test_input_required_result_request_state", description: "Asks for a confirmation that returns with the request state" })
  async confirmWithState() {
    const answer = await elicit(CONFIRM_FORM, { key: "confirm" });
    return `state-ok, confirmed: ${answer.action === "accept" && answer.content?.ok === true}`;
  }

  // Three questions started together are asked in one round; the client answers them all at once.
  @Tool({ name: "test_input_required_result_multiple_inputs", description: "Asks for a name, a greeting from the model and the client's roots in one round" })
  async severalAtOnce() {
    const [name, greeting, roots] = await Promise.all([
      elicit(NAME_FORM, { key: "user_name" }),
      sample({ messages: [{ role: "user", content: { type: "text", text: "Generate a greeting" } }], maxTokens: 50 }, { key: "greeting" }),
      listRoots({ key: "client_roots" }),
    ]);
    const who = name.action === "accept" ? String(name.content?.name) : "stranger";
    return `${replyText(greeting)} (to ${who}, working in ${roots.length} root(s))`;
  }

  // Questions asked one after the other take one round each; earlier answers travel in the request state.
  @Tool({ name: "test_input_required_result_multi_round", description: "Asks for a name, then for a favourite colour, in two rounds" })
  async twoSteps() {
    const step1 = await elicit(
      { message: "Step 1: What is your name?", requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } },
      { key: "step1" },
    );
    const step2 = await elicit(
      { message: "Step 2: What is your favorite color?", requestedSchema: { type: "object", properties: { color: { type: "string" } }, required: ["color"] } },
      { key: "step2" },
    );
    return `${step1.content?.name ?? "Someone"} likes ${step2.content?.color ?? "no colour in particular"}.`;
  }

  // A retry whose `requestState` was altered is refused with a JSON-RPC error before this method runs.
  @Tool({ name: "test_input_required_result_tampered_state", description: "Asks for a confirmation; a retry with an altered request state is refused" })
  async confirmSealed() {
    const answer = await elicit(CONFIRM_FORM, { key: "confirm" });
    return answer.action === "accept" && answer.content?.ok === true ? "Confirmed." : "Not confirmed.";
  }

  // Asks only what the client declared it can answer: the user if it can elicit, else its model.
  @Tool({ name: "test_input_required_result_capabilities", description: "Asks the user for a name if the client can elicit, else asks its model" })
  async askWhatTheClientCan() {
    if (clientSupports("elicitation")) {
      const answer = await elicit(NAME_FORM, { key: "user_name" });
      return answer.action === "accept" ? `Hello, ${answer.content?.name}!` : "No name given.";
    }
    if (clientSupports("sampling")) {
      const reply = await sample("Suggest a name for a test user.", { key: "suggested_name", maxTokens: 20 });
      return `Hello, ${replyText(reply)}!`;
    }
    return "The client can neither elicit nor sample, so nothing was asked.";
  }

  // Prompts may ask too: prompts/get ends as input-required until the client answers.
  @Prompt({ name: "test_input_required_result_prompt", description: "A prompt that asks the user what context to use" })
  async promptWithContext() {
    const answer = await elicit(
      { message: "What context should the prompt use?", requestedSchema: { type: "object", properties: { context: { type: "string" } }, required: ["context"] } },
      { key: "user_context" },
    );
    const context = answer.action === "accept" ? String(answer.content?.context) : "no particular context";
    return `Answer with this context in mind: ${context}.`;
  }
}
