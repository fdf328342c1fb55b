/**
 * Where Date values sit in a tool's arguments (recorded by `mcpkit schema` for `Date`-typed
 * parameters and properties), so ISO strings are turned back into Dates before the method runs.
 */
export interface DatePlan {
  /** The value itself is a Date (sent as an ISO string). */
  date?: true;
  properties?: Record<string, DatePlan>;
  additionalProperties?: DatePlan;
  items?: DatePlan;
  prefixItems?: (DatePlan | null)[];
  /** A recursive type, by its name in `DateRevival.defs`. */
  $ref?: string;
  /** Alternatives of a union that are themselves references. */
  anyOf?: DatePlan[];
}

/** The plan for a whole arguments object. */
export interface DateRevival {
  plan: DatePlan;
  defs?: Record<string, DatePlan>;
}

/** Compiles a revival into a function that returns the arguments with Dates in place (copying only what changes). */
export function createDateReviver(revival: DateRevival): (args: Record<string, unknown>) => Record<string, unknown> {
  const defs = revival.defs ?? {};
  const revive = (value: unknown, plan: DatePlan): unknown => {
    if (plan.$ref) value = revive(value, defs[plan.$ref] ?? {});
    for (const alternative of plan.anyOf ?? []) value = revive(value, alternative);
    if (typeof value === "string") return plan.date ? new Date(value) : value;
    if (Array.isArray(value)) {
      if (!plan.items && !plan.prefixItems) return value;
      return value.map((item, i) => {
        const inner = plan.prefixItems && i < plan.prefixItems.length ? plan.prefixItems[i] : plan.items;
        return inner ? revive(item, inner) : item;
      });
    }
    if (value === null || typeof value !== "object" || (!plan.properties && !plan.additionalProperties)) return value;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, item] of Object.entries(copy)) {
      const inner = plan.properties?.[key] ?? plan.additionalProperties;
      if (inner) copy[key] = revive(item, inner);
    }
    return copy;
  };
  return (args) => revive(args, revival.plan) as Record<string, unknown>;
}
