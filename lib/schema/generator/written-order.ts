import type ts from "ts6";
import { compiler } from "./compiler-api.js";

/**
 * The order a union's members were written in. The checker lists a union's members in the order it
 * created their types, which depends on every other file it read first: `"price" | "name"` came out as
 * `["name", "price"]` when another file had used "name" before. Schemas follow the source text instead.
 */
export class WrittenOrder {
  /** Each union written in an annotation seen so far, as its member types in source order. */
  private readonly unions: ts.Type[][] = [];
  private readonly noted = new Set<ts.Node>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** Records every union written inside a type annotation (nested ones too: `Array<"a" | "b">`). */
  note(annotation: ts.Node): void {
    if (this.noted.has(annotation)) return;
    this.noted.add(annotation);
    const visit = (node: ts.Node): void => {
      if (compiler.isUnionTypeNode(node)) this.unions.push(node.types.flatMap((member) => this.membersOf(member)));
      compiler.forEachChild(node, visit);
    };
    visit(annotation);
  }

  /** `type`'s members in the order they were written: the annotation's or type alias's, else enum members by declaration. */
  order(type: ts.UnionType): readonly ts.Type[] {
    const alias = type.aliasSymbol?.declarations?.[0] as (ts.Node & { type?: ts.Node }) | undefined;
    if (alias?.type) this.note(alias.type);
    const wanted = type.types.filter(isValue);
    const written = this.unions.find((members) => sameSet(members.filter(isValue), wanted));
    const rank = (t: ts.Type): number => {
      const index = written?.indexOf(t) ?? -1;
      return index >= 0 ? index : Number.MAX_SAFE_INTEGER;
    };
    return [...type.types].sort((a, b) => rank(a) - rank(b) || declarationOrder(a, b));
  }

  private membersOf(node: ts.TypeNode): ts.Type[] {
    const type = this.checker.getTypeFromTypeNode(node);
    return type.isUnion() ? [...this.order(type)] : [type];
  }
}

function isValue(type: ts.Type): boolean {
  return !(type.flags & (compiler.TypeFlags.Undefined | compiler.TypeFlags.Void));
}

function sameSet(a: readonly ts.Type[], b: readonly ts.Type[]): boolean {
  return a.length === b.length && a.every((t) => b.includes(t));
}

/** Enum members (and other types with a declaration) in the order they are declared; others keep their place. */
function declarationOrder(a: ts.Type, b: ts.Type): number {
  const da = a.getSymbol()?.valueDeclaration;
  const db = b.getSymbol()?.valueDeclaration;
  if (!da || !db) return 0;
  const fa = da.getSourceFile().fileName;
  const fb = db.getSourceFile().fileName;
  return fa === fb ? da.pos - db.pos : fa < fb ? -1 : 1;
}
