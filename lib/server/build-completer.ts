import type { CompleteResult } from "../protocol/wire-types.js";
import { completersOf, type Completer, type CompletionValues } from "../decorators/complete.js";
import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import type { ArgumentCompleter } from "./registry.js";

/** The protocol allows at most 100 values in one completion. */
const MAX_VALUES = 100;

/**
 * Builds the `completion/complete` answer for one prompt or template from its @Complete
 * decorators, checking once that each names a real argument and, when given by name, a real method.
 */
export function buildCompleter(instance: Record<string, Function>, methodName: string, where: string, argumentNames: readonly string[]): ArgumentCompleter | undefined {
  const table = completersOf(Object.getPrototypeOf(instance), methodName);
  const completers = new Map<string, Completer>();
  for (const [argument, completer] of Object.entries(table)) {
    if (!argumentNames.includes(argument)) {
      throw new DecoratorUsageError("Complete", where, `"${argument}" is not one of its arguments (${argumentNames.join(", ") || "none"})`, "name an argument of the prompt or a variable of the URI template");
    }
    if (typeof completer === "string" && typeof instance[completer] !== "function") {
      throw new DecoratorUsageError("Complete", where, `the completer method "${completer}" does not exist`, `add a method ${completer}(typed) or pass a function`);
    }
    completers.set(argument, typeof completer === "string" ? (...args) => instance[completer]!(...args) : completer);
  }
  if (completers.size === 0) return undefined;
  return async (argument, value, context) => {
    const completer = completers.get(argument);
    if (!completer) return { values: [] };
    return toCompletion(await completer.call(instance, value, { arguments: context }));
  };
}

function toCompletion(answer: CompletionValues): CompleteResult["completion"] {
  const { values, total, hasMore } = Array.isArray(answer) ? { values: answer, total: undefined, hasMore: undefined } : answer;
  if (values.length <= MAX_VALUES) return { values, ...(total !== undefined && { total }), ...(hasMore !== undefined && { hasMore }) };
  return { values: values.slice(0, MAX_VALUES), total: total ?? values.length, hasMore: true };
}
