import type { IncomingCall } from "../context/call-context.js";
import { ApplicationStateError } from "../errors/application-state-error.js";
import { DuplicateNameError } from "../errors/duplicate-name-error.js";
import type { HandlerDescriptor, ToolDescriptor } from "../pipeline/invocation.js";
import type { UriTemplate } from "../protocol/uri-template.js";
import type { CallToolResult, CompleteResult, GetPromptResult, Prompt, ReadResourceResult, Resource, ResourceTemplate, Tool } from "../protocol/wire-types.js";

/**
 * How long a client (or a shared cache between it and the server) may reuse a result, as the
 * 2026-07-28 protocol's `ttlMs`/`cacheScope` say; `private` when the result depends on the caller.
 */
export interface CacheHint {
  ttlMs: number;
  cacheScope: "public" | "private";
}

/** A tool ready to serve: its list entry and its composed pipeline. */
export interface ToolEntry {
  readonly descriptor: ToolDescriptor;
  readonly definition: Tool;
  call(args: Record<string, unknown>, incoming: IncomingCall): Promise<CallToolResult>;
}

/** Answers `completion/complete` for the arguments of one prompt or template. */
export type ArgumentCompleter = (argument: string, value: string, context: Record<string, string>) => Promise<CompleteResult["completion"]>;

export interface ResourceEntry {
  readonly descriptor: HandlerDescriptor;
  readonly definition: Resource;
  /** What `resources/read` results of this resource advertise (2026-07-28). */
  readonly cacheHint: CacheHint;
  read(uri: string, incoming: IncomingCall): Promise<ReadResourceResult>;
}

export interface ResourceTemplateEntry {
  readonly descriptor: HandlerDescriptor;
  readonly definition: ResourceTemplate;
  readonly template: UriTemplate;
  readonly cacheHint: CacheHint;
  read(uri: string, variables: Record<string, string | string[]>, incoming: IncomingCall): Promise<ReadResourceResult>;
  readonly complete?: ArgumentCompleter;
}

export interface PromptEntry {
  readonly descriptor: HandlerDescriptor;
  readonly definition: Prompt;
  get(args: Record<string, string>, incoming: IncomingCall): Promise<GetPromptResult>;
  readonly complete?: ArgumentCompleter;
}

/**
 * Everything an application serves, shared by every connection and session. The list responses
 * are computed once per change, so listing does no work per request.
 */
export interface Registry {
  readonly tools: ReadonlyMap<string, ToolEntry>;
  readonly toolList: Tool[];
  readonly resources: ReadonlyMap<string, ResourceEntry>;
  readonly resourceList: Resource[];
  readonly templates: readonly ResourceTemplateEntry[];
  readonly templateList: ResourceTemplate[];
  readonly prompts: ReadonlyMap<string, PromptEntry>;
  readonly promptList: Prompt[];
}

/** The handlers one service contributes, each with the "Class.method" that declared it. */
export interface ServiceEntries {
  readonly tools: { where: string; entry: ToolEntry }[];
  readonly resources: { where: string; entry: ResourceEntry }[];
  readonly templates: { where: string; entry: ResourceTemplateEntry }[];
  readonly prompts: { where: string; entry: PromptEntry }[];
}

/** Which list a change touched; each maps to one `notifications/.../list_changed`. */
export type ListName = "tools" | "resources" | "prompts";

export type RegistryEvent = { type: "listChanged"; lists: ListName[] } | { type: "resourceUpdated"; uri: string };

/**
 * A registry that can change while serving: services are added and removed at runtime, and
 * listeners (the application, which tells connected clients) hear which lists changed.
 */
export class LiveRegistry implements Registry {
  readonly tools = new Map<string, ToolEntry>();
  readonly resources = new Map<string, ResourceEntry>();
  readonly prompts = new Map<string, PromptEntry>();
  private readonly templateMap = new Map<string, ResourceTemplateEntry>();
  private readonly owners = new Map<object, ServiceEntries>();
  private readonly declaredBy = new Map<string, string>();
  private readonly listeners = new Set<(event: RegistryEvent) => void>();
  private lists: { toolList?: Tool[]; resourceList?: Resource[]; templates?: ResourceTemplateEntry[]; templateList?: ResourceTemplate[]; promptList?: Prompt[] } = {};

  get toolList(): Tool[] {
    return (this.lists.toolList ??= [...this.tools.values()].map((t) => t.definition));
  }
  get resourceList(): Resource[] {
    return (this.lists.resourceList ??= [...this.resources.values()].map((r) => r.definition));
  }
  get templates(): readonly ResourceTemplateEntry[] {
    return (this.lists.templates ??= [...this.templateMap.values()]);
  }
  get templateList(): ResourceTemplate[] {
    return (this.lists.templateList ??= this.templates.map((t) => t.definition));
  }
  get promptList(): Prompt[] {
    return (this.lists.promptList ??= [...this.prompts.values()].map((p) => p.definition));
  }

  /** The template entry declared with exactly this URI template (for completions). */
  template(uriTemplate: string): ResourceTemplateEntry | undefined {
    return this.templateMap.get(uriTemplate);
  }

  /** True when `owner`'s entries are being served. */
  has(owner: object): boolean {
    return this.owners.has(owner);
  }

  /** Throws DuplicateNameError when any of `entries` clashes with what is served (or with itself). */
  checkAdd(entries: ServiceEntries): void {
    const seen = new Map<string, string>();
    for (const [kind, name, where] of keysOf(entries)) {
      const key = `${kind}\u0000${name}`;
      const first = this.declaredBy.get(key) ?? seen.get(key);
      if (first) throw new DuplicateNameError(kind, name, first, where);
      seen.set(key, where);
    }
  }

  /** Serves `owner`'s entries from now on; all or nothing. */
  add(owner: object, entries: ServiceEntries): void {
    if (this.owners.has(owner)) throw new ApplicationStateError(`${nameOf(owner)} is already served. Fix: remove it before adding it again.`);
    this.checkAdd(entries);
    for (const [kind, name, where] of keysOf(entries)) this.declaredBy.set(`${kind}\u0000${name}`, where);
    for (const { entry } of entries.tools) this.tools.set(entry.definition.name, entry);
    for (const { entry } of entries.resources) this.resources.set(entry.definition.uri, entry);
    for (const { entry } of entries.templates) this.templateMap.set(entry.definition.uriTemplate, entry);
    for (const { entry } of entries.prompts) this.prompts.set(entry.definition.name, entry);
    this.owners.set(owner, entries);
    this.changed(entries);
  }

  /** Stops serving `owner`'s entries; false when it was not served. */
  remove(owner: object): boolean {
    const entries = this.owners.get(owner);
    if (!entries) return false;
    this.owners.delete(owner);
    for (const [kind, name] of keysOf(entries)) this.declaredBy.delete(`${kind}\u0000${name}`);
    for (const { entry } of entries.tools) this.tools.delete(entry.definition.name);
    for (const { entry } of entries.resources) this.resources.delete(entry.definition.uri);
    for (const { entry } of entries.templates) this.templateMap.delete(entry.definition.uriTemplate);
    for (const { entry } of entries.prompts) this.prompts.delete(entry.definition.name);
    this.changed(entries);
    return true;
  }

  /** Tells listeners that the resource at `uri` changed (clients subscribed to it are notified). */
  resourceUpdated(uri: string): void {
    this.emit({ type: "resourceUpdated", uri });
  }

  /** Hears every change; returns the function that stops listening. */
  subscribe(listener: (event: RegistryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(entries: ServiceEntries): void {
    this.lists = {};
    const lists: ListName[] = [];
    if (entries.tools.length > 0) lists.push("tools");
    if (entries.resources.length + entries.templates.length > 0) lists.push("resources");
    if (entries.prompts.length > 0) lists.push("prompts");
    if (lists.length > 0) this.emit({ type: "listChanged", lists });
  }

  private emit(event: RegistryEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function* keysOf(entries: ServiceEntries): Generator<[kind: string, name: string, where: string]> {
  for (const { where, entry } of entries.tools) yield ["tool", entry.definition.name, where];
  for (const { where, entry } of entries.resources) yield ["resource", entry.definition.uri, where];
  for (const { where, entry } of entries.templates) yield ["resource", entry.definition.uriTemplate, where];
  for (const { where, entry } of entries.prompts) yield ["prompt", entry.definition.name, where];
}

function nameOf(owner: object): string {
  return typeof owner === "function" ? owner.name : String(owner);
}
