import type ts from "ts6";
import { compiler } from "./compiler-api.js";

/** The JSON value of a parameter's default, when it is a constant the compiler knows; else undefined. */
export function constantValue(node: ts.Expression, checker: ts.TypeChecker): unknown {
  if (compiler.isParenthesizedExpression(node) || compiler.isAsExpression(node) || compiler.isSatisfiesExpression(node)) return constantValue(node.expression, checker);
  if (compiler.isNumericLiteral(node)) return Number(node.text);
  if (compiler.isStringLiteral(node) || compiler.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === compiler.SyntaxKind.TrueKeyword) return true;
  if (node.kind === compiler.SyntaxKind.FalseKeyword) return false;
  if (node.kind === compiler.SyntaxKind.NullKeyword) return null;
  if (compiler.isPrefixUnaryExpression(node) && node.operator === compiler.SyntaxKind.MinusToken && compiler.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  if (compiler.isArrayLiteralExpression(node)) {
    const values = node.elements.map((e) => constantValue(e, checker));
    return values.every((v) => v !== undefined) ? values : undefined;
  }
  if (compiler.isObjectLiteralExpression(node)) {
    const object: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (!compiler.isPropertyAssignment(property) || !(compiler.isIdentifier(property.name) || compiler.isStringLiteral(property.name))) return undefined;
      const value = constantValue(property.initializer, checker);
      if (value === undefined) return undefined;
      object[property.name.text] = value;
    }
    return object;
  }
  // A named constant or an enum member: its literal type carries the value.
  const type = checker.getTypeAtLocation(node);
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (type.flags & compiler.TypeFlags.BooleanLiteral) return (type as unknown as { intrinsicName: string }).intrinsicName === "true";
  return undefined;
}
