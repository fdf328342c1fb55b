import type ts from "ts6";
import { compiler } from "./compiler-api.js";
import type { DatePlan, DateRevival } from "../generated-dates.js";

const MAX_DEPTH = 64;

/**
 * Where `Date` values sit inside a method's parameters. JSON carries them as ISO strings; the
 * runtime turns those back into Dates at these places, so a `since: Date` parameter gets a Date.
 */
export class DatePlanBuilder {
  private readonly named = new Map<ts.Type, { name: string; recursive: boolean; done?: DatePlan | undefined }>();
  private readonly defs: Record<string, DatePlan> = {};
  private depth = 0;

  constructor(private readonly checker: ts.TypeChecker) {}

  /** The revival of an arguments object that is one value of this type (a destructured parameter). */
  forObject(type: ts.Type): DateRevival | undefined {
    const plan = this.planOf(type);
    const revival = plan ? this.forArguments([], [["", plan]]) : undefined;
    return revival ? { ...revival, plan: revival.plan.properties![""]! } : undefined;
  }

  /** The revival of an arguments object whose properties have these types; undefined when no Date is involved. */
  forArguments(parameters: [string, ts.Type][], planned: [string, DatePlan][] = []): DateRevival | undefined {
    const plans: [string, DatePlan][] = [...planned];
    for (const [name, type] of parameters) {
      const plan = this.planOf(type);
      if (plan) plans.push([name, plan]);
    }
    // A recursive type is planned before it is known whether it holds a Date at all; keep only those that do.
    const dated = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const [name, def] of Object.entries(this.defs)) {
        if (!dated.has(name) && holdsDate(def, dated)) {
          dated.add(name);
          grew = true;
        }
      }
    }
    const properties = Object.fromEntries(plans.filter(([, plan]) => holdsDate(plan, dated)));
    if (Object.keys(properties).length === 0) return undefined;
    const defs = Object.fromEntries(Object.entries(this.defs).filter(([name]) => dated.has(name)).sort(([a], [b]) => a.localeCompare(b)));
    return Object.keys(defs).length > 0 ? { plan: { properties }, defs } : { plan: { properties } };
  }

  private planOf(type: ts.Type): DatePlan | undefined {
    if (this.depth > MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return this.convert(type);
    } finally {
      this.depth--;
    }
  }

  private convert(type: ts.Type): DatePlan | undefined {
    if (type.isUnion()) return merge(type.types.map((t) => this.planOf(t)));
    if (!(type.flags & (compiler.TypeFlags.Object | compiler.TypeFlags.Intersection))) return undefined;
    if (type.getSymbol()?.getName() === "Date" && isLibrary(type.getSymbol()!)) return { date: true };
    if (this.checker.isTupleType(type)) {
      const elements = this.checker.getTypeArguments(type as ts.TypeReference);
      const flags = (type as ts.TupleTypeReference).target.elementFlags;
      const prefixItems: (DatePlan | null)[] = [];
      let items: DatePlan | undefined;
      elements.forEach((element, i) => {
        if (flags[i]! & compiler.ElementFlags.Variable) items = this.planOf(flags[i]! & compiler.ElementFlags.Variadic ? this.checker.getIndexTypeOfType(element, compiler.IndexKind.Number) ?? element : element);
        else prefixItems.push(this.planOf(element) ?? null);
      });
      const plan: DatePlan = {};
      if (prefixItems.some((p) => p !== null)) plan.prefixItems = prefixItems;
      if (items) plan.items = items;
      return Object.keys(plan).length > 0 ? plan : undefined;
    }
    if (this.checker.isArrayType(type)) {
      const items = this.planOf(this.checker.getTypeArguments(type as ts.TypeReference)[0]!);
      return items ? { items } : undefined;
    }
    return this.viaName(type, () => this.shape(type));
  }

  private shape(type: ts.Type): DatePlan | undefined {
    const properties: Record<string, DatePlan> = {};
    for (const property of this.checker.getPropertiesOfType(type)) {
      if (property.flags & compiler.SymbolFlags.Method) continue;
      const plan = this.planOf(this.checker.getTypeOfSymbol(property));
      if (plan) properties[property.getName()] = plan;
    }
    const index = this.checker.getIndexInfosOfType(type)[0];
    const additional = index ? this.planOf(index.type) : undefined;
    const plan: DatePlan = {};
    if (Object.keys(properties).length > 0) plan.properties = properties;
    if (additional) plan.additionalProperties = additional;
    return Object.keys(plan).length > 0 ? plan : undefined;
  }

  /** Object types are visited once each; a type met again while in progress is recursive and becomes a reference. */
  private viaName(type: ts.Type, build: () => DatePlan | undefined): DatePlan | undefined {
    const known = this.named.get(type);
    if (known) {
      if ("done" in known) return known.recursive && known.done ? { $ref: known.name } : known.done;
      known.recursive = true;
      return { $ref: known.name };
    }
    const base = (this.checker.typeToString(type).replace(/[^A-Za-z0-9_]+/g, "_") || "T").slice(0, 40);
    let name = base;
    for (let n = 2; [...this.named.values()].some((v) => v.name === name); n++) name = `${base}_${n}`;
    const entry: { name: string; recursive: boolean; done?: DatePlan | undefined } = { name, recursive: false };
    this.named.set(type, entry);
    const plan = build();
    entry.done = plan;
    if (!entry.recursive) return plan;
    this.defs[name] = plan ?? {};
    return { $ref: name };
  }
}

function merge(plans: (DatePlan | undefined)[]): DatePlan | undefined {
  const present = plans.filter((p): p is DatePlan => p !== undefined);
  if (present.length <= 1) return present[0];
  const merged: DatePlan = {};
  for (const plan of present) {
    if (plan.date) merged.date = true;
    if (plan.$ref) merged.anyOf = [...(merged.anyOf ?? []), { $ref: plan.$ref }];
    if (plan.items) merged.items = merge([merged.items, plan.items]);
    if (plan.additionalProperties) merged.additionalProperties = merge([merged.additionalProperties, plan.additionalProperties]);
    if (plan.anyOf) merged.anyOf = [...(merged.anyOf ?? []), ...plan.anyOf];
    if (plan.prefixItems) merged.prefixItems = plan.prefixItems.map((p, i) => merge([merged.prefixItems?.[i] ?? undefined, p ?? undefined]) ?? null);
    for (const [key, value] of Object.entries(plan.properties ?? {})) {
      merged.properties ??= {};
      merged.properties[key] = merge([merged.properties[key], value])!;
    }
  }
  return merged;
}

function isLibrary(symbol: ts.Symbol): boolean {
  const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
  return /[\\/]lib\.[^\\/]*\.d\.ts$/.test(file);
}

function holdsDate(plan: DatePlan, dated: Set<string>): boolean {
  const text = JSON.stringify(plan);
  return text.includes('"date":true') || [...text.matchAll(/"\$ref":"([^"]+)"/g)].some((m) => dated.has(m[1]!));
}
