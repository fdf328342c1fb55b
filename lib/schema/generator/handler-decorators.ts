import type ts from "ts6";
import { compiler } from "./compiler-api.js";

export type HandlerKind = "tool" | "prompt" | "resource";

/** A method's mcpkit handler decorator, as written in the source. */
export interface HandlerDecorator {
  kind: HandlerKind;
  /** The decorator passes its own `input` / `output` schema, which wins over a generated one. */
  explicitInput: boolean;
  explicitOutput: boolean;
}

const KINDS: Record<string, HandlerKind> = { Tool: "tool", Prompt: "prompt", Resource: "resource" };
// Identified by where the decorator is declared, so a user's own `Tool` function is not mistaken for ours.
const DECLARED_IN = /[\\/]decorators[\\/](tool|prompt|resource)\.(d\.)?ts$/;

/** The `@Tool`/`@Prompt`/`@Resource` decorator on a method, if it has one. */
export function handlerDecorator(method: ts.MethodDeclaration, checker: ts.TypeChecker): HandlerDecorator | undefined {
  for (const decorator of compiler.getDecorators(method) ?? []) {
    const call = compiler.isCallExpression(decorator.expression) ? decorator.expression : undefined;
    const callee = call ? call.expression : decorator.expression;
    const local = checker.getSymbolAtLocation(callee);
    if (!local) continue;
    const symbol = local.flags & compiler.SymbolFlags.Alias ? checker.getAliasedSymbol(local) : local;
    const kind = KINDS[symbol.getName()];
    const file = symbol.declarations?.[0]?.getSourceFile().fileName;
    if (!kind || !file || !DECLARED_IN.test(file)) continue;
    const options = call?.arguments[0];
    const has = (name: string) => !!options && compiler.isObjectLiteralExpression(options) && options.properties.some((p) => p.name !== undefined && compiler.isIdentifier(p.name) && p.name.text === name);
    return { kind, explicitInput: has("input"), explicitOutput: has("output") };
  }
  return undefined;
}
