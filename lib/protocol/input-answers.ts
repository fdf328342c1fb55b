import { inputResponse } from "@modelcontextprotocol/server";
import type { ClientInput } from "../context/client-channel.js";
import type { JsonSchema } from "../metadata/types.js";
import { compileArgumentValidator, type ArgumentValidator } from "../schema/argument-validator.js";

/** Compiled requested schemas, by their JSON: a method asks the same form on every retry. */
const formValidators = new Map<string, ArgumentValidator>();
const MAX_FORMS = 256;

function formValidator(schema: unknown): ArgumentValidator {
  const json = JSON.stringify(schema);
  let validate = formValidators.get(json);
  if (!validate) {
    if (formValidators.size >= MAX_FORMS) formValidators.delete(formValidators.keys().next().value!);
    validate = compileArgumentValidator(schema as JsonSchema);
    formValidators.set(json, validate);
  }
  return validate;
}

/**
 * True when a client's 2026-07-28 input response answers the question: an elicitation result (an
 * accepted one with content that matches the requested schema), a sampling result, or a roots list.
 * Anything else is treated as no answer, and the question is asked again.
 */
export function isAnswer(input: ClientInput, answer: unknown): boolean {
  const view = inputResponse({ answer } as Record<string, unknown>, "answer");
  if (input.method === "elicitation/create") {
    if (view.kind !== "elicit") return false;
    return view.action !== "accept" || (view.content !== undefined && formValidator(input.params.requestedSchema)({ ...view.content }) === null);
  }
  if (input.method === "sampling/createMessage") return view.kind === "sampling";
  return view.kind === "roots";
}
