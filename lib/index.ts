// Decorator metadata (`design:paramtypes`) needs the Reflect metadata API before any class loads.
import "reflect-metadata";

export { Service } from "./decorators/service.js";
export { Tool, type ToolOptions } from "./decorators/tool.js";
export { Resource, type ResourceOptions } from "./decorators/resource.js";
export { Prompt, type PromptOptions } from "./decorators/prompt.js";

export { McpApplication, type McpApplicationOptions } from "./server/mcp-application.js";
export { runApplication, parseCommandLine, type CommandLine } from "./server/run-application.js";
export { ToolResult } from "./server/tool-result.js";
export type { Provider } from "./server/providers.js";
export type { OnStartup, OnShutdown } from "./server/lifecycle-hooks.js";
export type { Registry, ToolEntry, ResourceEntry, ResourceTemplateEntry, PromptEntry } from "./server/registry.js";
export type { HttpListener, HttpTransportOptions } from "./server/transports/http-transport.js";

export { currentCall, currentSignal, type CallContext } from "./context/call-context.js";
export { compose, type Middleware, type Next } from "./pipeline/compose.js";
export type { ToolInterceptor, ToolInvocation, ToolDescriptor } from "./pipeline/invocation.js";

export type { SchemaSource, SchemaRequest, ResolvedSchema, ArgumentBinding } from "./schema/schema-source.js";
export { compileArgumentValidator, type ArgumentValidator } from "./schema/argument-validator.js";
export { parseParameters, type ParsedParameter } from "./schema/parameter-names.js";

export { McpKitError } from "./errors/mcpkit-error.js";
export { DecoratorUsageError } from "./errors/decorator-usage-error.js";
export { DuplicateNameError } from "./errors/duplicate-name-error.js";
export { SchemaError } from "./errors/schema-error.js";
export { ServiceResolutionError } from "./errors/service-resolution-error.js";
export { ApplicationStateError } from "./errors/application-state-error.js";
export { ToolArgumentError } from "./errors/tool-argument-error.js";

export type { Constructor, JsonSchema, SchemaInput } from "./metadata/types.js";
export { inject, injectable, type InjectionToken } from "tsyringe";
