import { ToolArgumentError } from "../errors/tool-argument-error.js";
import type { ArgumentValidator } from "../schema/argument-validator.js";
import type { Middleware } from "./compose.js";
import type { ToolInvocation } from "./invocation.js";

/** Rejects arguments that do not match the tool's input schema before any work starts. */
export function validateArguments(validator: ArgumentValidator): Middleware<ToolInvocation, unknown> {
  return (invocation, next) => {
    const problems = validator(invocation.args);
    if (problems) return Promise.reject(new ToolArgumentError(invocation.handler.name, problems));
    return next();
  };
}
