import { inputResponse } from "@modelcontextprotocol/server";
import type { ClientInput } from "../context/client-channel.js";
import { validatorOf } from "./schema-validator.js";

/**
 * True when a client's 2026-07-28 input response answers the question: an elicitation result (an
 * accepted one with content that matches the requested schema), a sampling result, or a roots list.
 * Anything else is treated as no answer, and the question is asked again.
 */
export function isAnswer(input: ClientInput, answer: unknown): boolean {
  const view = inputResponse({ answer } as Record<string, unknown>, "answer");
  if (input.method === "elicitation/create") {
    if (view.kind !== "elicit") return false;
    return view.action !== "accept" || (view.content !== undefined && validatorOf(input.params.requestedSchema)({ ...view.content }) === null);
  }
  if (input.method === "sampling/createMessage") return view.kind === "sampling";
  return view.kind === "roots";
}
