import { ToolArgumentError } from "../errors/tool-argument-error.js";
import type { ArgumentValidator } from "../schema/argument-validator.js";
import type { ToolInterceptor } from "./invocation.js";

/** Rejects arguments that do not match the tool's input schema before any work starts. */
export function validateArguments(validator: ArgumentValidator): ToolInterceptor {
  return (invocation, next) => {
    const problems = validator(invocation.args);
    if (problems) return Promise.reject(new ToolArgumentError(invocation.tool.name, problems));
    return next();
  };
}
