import { ApplicationConfigurationError } from "../errors/application-configuration-error.js";
import type { AuthOptions } from "./auth-options.js";

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(/[\s,]+/).filter((s) => s !== ""));

function flag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (["1", "true", "yes"].includes(value.toLowerCase())) return true;
  if (["0", "false", "no"].includes(value.toLowerCase())) return false;
  throw new ApplicationConfigurationError(name, `${JSON.stringify(value)} is not a yes/no value`, 'use "true" or "false"');
}

/**
 * The `auth` option from the environment, or undefined when none of its variables is set:
 * - AUTH_ISSUER: the authorization server's issuer URL (JWT access tokens, checked against its keys)
 * - AUTH_RESOURCE: this server's public MCP URL, the audience tokens must name (default: the listener's URL on loopback)
 * - AUTH_REQUIRED_SCOPES: scopes every HTTP request needs (space or comma separated)
 * - AUTH_JWKS_URI: the key set's URL, when the issuer publishes no metadata
 * - AUTH_HIDE_FORBIDDEN: "true" leaves what a caller may not use out of its lists
 * - AUTH_LOCAL: "allow" (default) or "require": stdio callers without MCP_SUBJECT may, or may not, use scoped handlers
 * - MCP_SUBJECT, MCP_SCOPES: who the stdio caller is, and its scopes
 * @example
 * new McpApplication({ name: "shop", services, auth: authFromEnvironment() });
 */
export function authFromEnvironment(env: Record<string, string | undefined> = process.env): AuthOptions | undefined {
  const value = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const names = ["AUTH_ISSUER", "AUTH_RESOURCE", "AUTH_REQUIRED_SCOPES", "AUTH_JWKS_URI", "AUTH_HIDE_FORBIDDEN", "AUTH_LOCAL", "MCP_SUBJECT", "MCP_SCOPES"];
  if (names.every((name) => value(name) === undefined)) return undefined;
  const subject = value("MCP_SUBJECT");
  if (subject === undefined && value("MCP_SCOPES") !== undefined) throw new ApplicationConfigurationError("MCP_SCOPES", "it is set without MCP_SUBJECT", "set MCP_SUBJECT to who the stdio caller is");
  const local = value("AUTH_LOCAL");
  return {
    issuer: value("AUTH_ISSUER"),
    resource: value("AUTH_RESOURCE"),
    requiredScopes: list(value("AUTH_REQUIRED_SCOPES")),
    ...(value("AUTH_JWKS_URI") !== undefined && { jwt: { jwksUri: value("AUTH_JWKS_URI") } }),
    hideForbidden: flag("AUTH_HIDE_FORBIDDEN", value("AUTH_HIDE_FORBIDDEN")),
    local: local as AuthOptions["local"],
    ...(subject !== undefined && { localPrincipal: { subject, scopes: list(value("MCP_SCOPES")) ?? [] } }),
  };
}
