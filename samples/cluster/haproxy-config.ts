/** What the HAProxy configuration of a local cluster needs. */
export interface HaproxySettings {
  /** Where clients connect: 127.0.0.1:port. */
  port: number;
  /** The instances, by name and port on 127.0.0.1. */
  servers: { name: string; port: number }[];
  /** HAProxy's admin socket (the runner reads server states from it). */
  statsSocket: string;
}

/** The backend's name in the configuration and on the stats socket. */
export const BACKEND = "mcp_instances";

/**
 * HAProxy in front of the instances. Each setting is explained in the README ("Running several
 * instances"); in short: health checks on /health take a draining instance out, a 503 (answered
 * only before a request is served) or a refused connection is retried on another instance, and a
 * 2025 session sticks to the instance that created it.
 */
export function haproxyConfig(settings: HaproxySettings): string {
  return `global
  # Within the usual open-file limit (each proxied connection takes two descriptors).
  maxconn 4000
  stats socket ${settings.statsSocket} mode 600 level admin

defaults
  mode http
  timeout connect 2s
  # Long enough for subscriptions/listen and 2025 GET streams, which stay open while idle.
  timeout client 10m
  timeout server 10m
  # A request refused by a draining instance (503) or sent to one that has closed its port is
  # sent again, to another instance (redispatch). empty-response: the instance closed an idle
  # keep-alive connection as the request arrived, so it never read it.
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response 503

frontend mcp
  bind 127.0.0.1:${settings.port}
  default_backend ${BACKEND}

backend ${BACKEND}
  balance roundrobin
  # An instance is in rotation while GET /health answers 200; a draining one answers 503.
  option httpchk
  http-check send meth GET uri /health ver HTTP/1.1 hdr Host 127.0.0.1
  http-check expect status 200
  # Checked every second; out after 3 failed checks in a row (a saturated instance answers checks
  # late: taking it out for that would turn load into refusals), back in after 2 good ones. A
  # draining instance needs no quick detection: what it refuses meanwhile is retried elsewhere.
  timeout check 5s
  default-server check inter 1s fall 3 rise 2
  # 2025 sessions live on the instance that created them: remember which one answered with a
  # new Mcp-Session-Id and send that session's requests there. 2026-07-28 requests carry no
  # session and go anywhere.
  stick-table type string len 64 size 100k expire 30m
  stick store-response res.hdr(mcp-session-id)
  stick match req.hdr(mcp-session-id)
${settings.servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port}`).join("\n")}
`;
}
