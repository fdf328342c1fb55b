import type { Prompt, Resource, ResourceTemplate, Tool } from "../protocol/wire-types.js";
import type { HandlerDescriptor } from "../pipeline/invocation.js";
import type { LiveRegistry } from "../server/registry.js";
import { refusal, isLocal, type Caller, type LocalPolicy } from "./call-policy.js";
import { scopesOfHandler } from "./handler-scopes.js";

/** Filtered lists kept per registry version: at most this many distinct callers' scope sets. */
const MAX_SCOPE_SETS = 256;

/**
 * The lists as one caller may see them (`auth.hideForbidden`): handlers whose scopes the caller
 * lacks are left out. Lists are filtered once per distinct scope set and registry version, so
 * listing stays cheap; a change to the registry makes new base lists and so new filtered ones.
 */
export class VisibleLists {
  private readonly filtered = new WeakMap<object, Map<string, unknown[]>>();

  constructor(
    private readonly registry: LiveRegistry,
    private readonly local: LocalPolicy,
  ) {}

  tools(caller: Caller): Tool[] {
    return this.filter(this.registry.toolList, this.registry.tools.values(), caller);
  }
  resources(caller: Caller): Resource[] {
    return this.filter(this.registry.resourceList, this.registry.resources.values(), caller);
  }
  templates(caller: Caller): ResourceTemplate[] {
    return this.filter(this.registry.templateList, this.registry.templates, caller);
  }
  prompts(caller: Caller): Prompt[] {
    return this.filter(this.registry.promptList, this.registry.prompts.values(), caller);
  }

  private filter<D>(base: D[], entries: Iterable<{ descriptor: HandlerDescriptor; definition: D }>, caller: Caller): D[] {
    const key = caller.principal ? `scopes:${[...caller.principal.scopes].sort().join(" ")}` : isLocal(caller) ? "local" : "anonymous";
    let byKey = this.filtered.get(base);
    if (!byKey) this.filtered.set(base, (byKey = new Map()));
    let list = byKey.get(key) as D[] | undefined;
    if (!list) {
      list = [...entries].filter(({ descriptor }) => !refusal("", scopesOfHandler(descriptor), caller, this.local)).map((entry) => entry.definition);
      if (byKey.size >= MAX_SCOPE_SETS) byKey.clear();
      byKey.set(key, list);
    }
    return list;
  }
}
