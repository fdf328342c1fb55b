import { DecoratorUsageError } from "../errors/decorator-usage-error.js";
import { methodTarget } from "./method-target.js";

/** What a completer may return: the candidate values, or the full MCP completion. */
export type CompletionValues = string[] | { values: string[]; total?: number; hasMore?: boolean };

/**
 * Suggests values for one argument. `value` is what the user typed so far; `context.arguments`
 * holds the other arguments already chosen. Called with `this` bound to the service instance.
 */
export type Completer = (value: string, context: { arguments: Record<string, string> }) => CompletionValues | Promise<CompletionValues>;

const COMPLETERS = Symbol.for("mcpkit:completers");

type CompleterTable = Record<string, Completer | string>;

/**
 * Attaches a completer to an argument of a @Prompt, or to a variable of a @Resource URI template,
 * answering `completion/complete`. Pass a function or the name of a method of the same class.
 * @example
 * @Prompt() @Complete("city", (typed) => CITIES.filter((c) => c.startsWith(typed)))
 * async forecast(city: string) { ... }
 */
export function Complete(argument: string, completer: Completer | string): MethodDecorator {
  return (target, key, descriptor) => {
    const at = methodTarget("Complete", target, key, descriptor);
    if (typeof argument !== "string" || argument === "") {
      throw new DecoratorUsageError("Complete", at.where, "the argument name is missing", 'pass the argument or template variable name: @Complete("city", ...)');
    }
    if (typeof completer !== "function" && typeof completer !== "string") {
      throw new DecoratorUsageError("Complete", at.where, "the completer is neither a function nor a method name", "pass (typed) => [...] or the name of a method");
    }
    // Kept on the prototype itself, so subclasses add their own without touching the base class.
    if (!Object.hasOwn(target, COMPLETERS)) Object.defineProperty(target, COMPLETERS, { value: {} });
    const table = (target as Record<symbol, Record<string, CompleterTable>>)[COMPLETERS]!;
    (table[at.methodName] ??= {})[argument] = completer;
  };
}

/** The completers attached to `methodName` of a class (base-class ones included), by argument. */
export function completersOf(prototype: object, methodName: string): Readonly<CompleterTable> {
  const found: CompleterTable = {};
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const own = Object.hasOwn(p, COMPLETERS) ? (p as Record<symbol, Record<string, CompleterTable>>)[COMPLETERS]![methodName] : undefined;
    for (const [argument, completer] of Object.entries(own ?? {})) found[argument] ??= completer;
  }
  return found;
}
