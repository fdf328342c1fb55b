import { PoolConfigurationError } from "../errors/pool-configuration-error.js";

/** A service URL checked once, and its address for messages and health (no password). */
export interface PoolAddress {
  url: URL;
  /** host:port[/path] */
  display: string;
  /** Where the address came from, for messages: `MYSQL_URL` or `the "url" option`. */
  source: string;
}

/** Reads `url` or the environment variable; a missing or malformed URL is a clear configuration error. */
export function resolvePoolAddress(label: string, url: string | undefined, env: string, protocols: readonly string[], defaultPort: number): PoolAddress {
  const text = url ?? process.env[env];
  if (!text) {
    throw new PoolConfigurationError(label, `no address: neither the "url" option nor ${env} is set`, `set ${env} (e.g. ${protocols[0]}//127.0.0.1:${defaultPort}) or pass { url }`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new PoolConfigurationError(label, `"${redact(text)}" is not a URL`, `use the form ${protocols[0]}//user:password@host:${defaultPort}/...`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new PoolConfigurationError(label, `the URL scheme "${parsed.protocol}" is not one of ${protocols.join(", ")}`, `use a ${protocols[0]}// URL`);
  }
  const path = parsed.pathname && parsed.pathname !== "/" ? parsed.pathname : "";
  return { url: parsed, display: `${parsed.hostname}:${parsed.port || defaultPort}${path}`, source: url === undefined || url === process.env[env] ? env : 'the "url" option' };
}

function redact(text: string): string {
  return text.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
