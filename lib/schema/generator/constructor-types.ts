import type ts from "ts6";
import { compiler } from "./compiler-api.js";

// `@Service` identified by where it is declared, like the handler decorators.
const SERVICE_DECLARED_IN = /[\\/]decorators[\\/]service\.(d\.)?ts$/;

/**
 * What `emitDecoratorMetadata` would record as the class's `design:paramtypes`, by name: the class
 * each constructor parameter is declared as, or null (a primitive, an interface: `@inject` names those).
 * Runners that emit no decorator metadata (tsx, esbuild, vitest) get constructor injection from it.
 * Undefined when the class has no constructor parameters.
 */
export function constructorTypes(declaration: ts.ClassDeclaration, checker: ts.TypeChecker): (string | null)[] | undefined {
  const constructor = declaration.members.find((m): m is ts.ConstructorDeclaration => compiler.isConstructorDeclaration(m) && m.body !== undefined);
  if (!constructor || constructor.parameters.length === 0) return undefined;
  return constructor.parameters.map((parameter) => {
    if (!parameter.type || !compiler.isTypeReferenceNode(parameter.type)) return null;
    const local = checker.getSymbolAtLocation(parameter.type.typeName);
    const symbol = local && local.flags & compiler.SymbolFlags.Alias ? checker.getAliasedSymbol(local) : local;
    return symbol && symbol.flags & compiler.SymbolFlags.Class ? symbol.getName() : null;
  });
}

/** True when the class carries mcpkit's `@Service()`. */
export function isService(declaration: ts.ClassDeclaration, checker: ts.TypeChecker): boolean {
  return (compiler.getDecorators(declaration) ?? []).some((decorator) => {
    const callee = compiler.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
    const local = checker.getSymbolAtLocation(callee);
    const symbol = local && local.flags & compiler.SymbolFlags.Alias ? checker.getAliasedSymbol(local) : local;
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    return symbol?.getName() === "Service" && !!file && SERVICE_DECLARED_IN.test(file);
  });
}
