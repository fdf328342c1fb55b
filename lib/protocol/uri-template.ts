import type { UriTemplate as SdkUriTemplate, Variables } from "@modelcontextprotocol/server";
import { protocolRuntime } from "./protocol-runtime.js";

const OPERATORS = ["+", "#", ".", "/", "?", "&"];

/**
 * An RFC 6570 URI template, as MCP resource templates use them. Its variable names are read at
 * start-up (the registry checks them against the method's parameters); matching is the SDK's
 * implementation, made on first use, when the SDK is loaded (a URI is matched only to serve a request).
 */
export class UriTemplate {
  readonly variableNames: string[];
  private matcher?: SdkUriTemplate;

  constructor(readonly template: string) {
    this.variableNames = variableNamesOf(template);
  }

  match(uri: string): Variables | null {
    return (this.matcher ??= new (protocolRuntime().UriTemplate)(this.template)).match(uri);
  }

  toString(): string {
    return this.template;
  }
}

/** The template entry whose template matches `uri`, with the variables it read; undefined when none does. */
export function matchTemplate<T extends { template: UriTemplate }>(templates: readonly T[], uri: string): { entry: T; variables: Variables } | undefined {
  for (const entry of templates) {
    const variables = entry.template.match(uri);
    if (variables) return { entry, variables };
  }
  return undefined;
}

/** The names in each `{...}` expression, as the SDK's template reads them (operator, `*` and blanks dropped). */
function variableNamesOf(template: string): string[] {
  const names: string[] = [];
  for (let start = template.indexOf("{"); start !== -1; start = template.indexOf("{", start + 1)) {
    const end = template.indexOf("}", start);
    if (end === -1) throw new Error("Unclosed template expression");
    const expression = template.slice(start + 1, end);
    const operator = OPERATORS.find((op) => expression.startsWith(op)) ?? "";
    for (const name of expression.slice(operator.length).split(",")) {
      const trimmed = name.replace("*", "").trim();
      if (trimmed.length > 0) names.push(trimmed);
    }
    start = end;
  }
  return names;
}
