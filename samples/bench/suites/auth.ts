import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { ApiKeyVerifier, McpApplication, RequireScopes, Service, Tool, type AuthOptions } from "../../../lib/index.js";
import { benchmarkTool, type BenchmarkStats } from "../../../lib/testing/index.js";
import type { BenchSuite } from "../bench-suite.js";

@Service()
class AuthBenchTools {
  /** The floor: answers at once, so the token check's cost is as visible as it can be. */
  @Tool()
  @RequireScopes("items:read")
  async item(id: string) {
    return { id, name: `item ${id}` };
  }
}

/** A key set on a loopback port and JWTs signed with its key, as an authorization server would issue them. */
async function startIssuer(): Promise<{ issuer: string; jwksUri: string; sign(audience: string): Promise<string>; close(): Promise<void> }> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" }] });
  const http: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(jwks));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    sign: (audience) =>
      new SignJWT({ scope: "items:read", client_id: "bench" }).setProtectedHeader({ alg: "RS256", kid: "bench", typ: "at+jwt" }).setIssuer(issuer).setSubject("bench").setAudience(audience).setIssuedAt().setExpirationTime("1h").sign(privateKey),
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

interface Scenario {
  label: string;
  auth?: AuthOptions | false;
  /** The bearer token the client sends, once the listener's URL is known. */
  token?: (url: string) => Promise<string>;
}

async function connect(scenario: Scenario) {
  // The anonymous server warns that its scopes go unchecked: known here.
  const app = new McpApplication({ name: "bench-auth", services: [AuthBenchTools], auth: scenario.auth, onWarning: () => undefined });
  const listener = await app.listenHttp({ port: 0 });
  const headers: Record<string, string> = scenario.token ? { authorization: `Bearer ${await scenario.token(listener.url)}` } : {};
  const client = new Client({ name: "bench", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(listener.url), { requestInit: { headers } }));
  return { client, app };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const authSuite: BenchSuite = {
  name: "auth: calls/s with a bearer token checked per request (JWT against the issuer's keys, API key) vs anonymous, 2026-07-28 over HTTP",
  async run(report) {
    const issuer = await startIssuer();
    const all: Scenario[] = [
      { label: "anonymous (auth: false)", auth: false },
      // The same as the first on a second server: how far apart two equal servers measure on this machine now.
      { label: "anonymous again (control)", auth: false },
      { label: "JWT (RS256, cached key set)", auth: { issuer: issuer.issuer, jwt: { jwksUri: issuer.jwksUri } }, token: issuer.sign },
      { label: "API key", auth: { verifier: new ApiKeyVerifier({ "bench-key": { subject: "bench", scopes: ["items:read"] } }) }, token: async () => "bench-key" },
    ];
    const connected = await Promise.all(all.map(connect));
    const rounds = 10;
    // One call at a time (latency: what a token check adds to a call) and 8 in flight (calls/s: what it costs the server's CPU).
    const modes = [
      { label: "one call at a time", options: { iterations: 250, concurrency: 1 } },
      { label: "8 calls in flight", options: { iterations: 600, concurrency: 8 } },
    ];
    const runs: BenchmarkStats[][][] = modes.map(() => all.map(() => []));
    try {
      // Rounds alternate the scenarios (rotated order), so load from elsewhere hits them alike.
      for (let round = 0; round < rounds; round++) {
        for (let step = 0; step < all.length; step++) {
          const i = (round + step) % all.length;
          for (const [m, mode] of modes.entries()) {
            runs[m]![i]!.push(await benchmarkTool(connected[i]!.client, "item", (n) => ({ id: String(n % 10) }), { ...mode.options, warmup: round === 0 ? 200 : 20 }));
          }
        }
      }
      const medianOf = (list: BenchmarkStats[]): BenchmarkStats => {
        const pick = (field: keyof BenchmarkStats) => median(list.map((s) => s[field]));
        return { calls: list.reduce((n, s) => n + s.calls, 0), mean: pick("mean"), median: pick("median"), p95: pick("p95"), p99: pick("p99"), min: pick("min"), max: pick("max"), callsPerSecond: pick("callsPerSecond") };
      };
      for (const [m, mode] of modes.entries()) {
        const measured = runs[m]!;
        report.line(`${mode.label}, medians over ${rounds} alternating rounds:`);
        all.forEach((scenario, i) => report.stats(scenario.label, medianOf(measured[i]!)));
        // The same round's figures divided, then the median over rounds: drift cancels out.
        const perRound = (i: number, field: "callsPerSecond" | "median") => median(measured[i]!.map((s, round) => s[field] / measured[0]![round]![field]));
        const field = m === 0 ? "median" : "callsPerSecond";
        const what = m === 0 ? "median latency" : "calls/s";
        report.ratio(`JWT/anonymous ${what}`, perRound(2, field), 1);
        report.ratio(`API key/anonymous ${what}`, perRound(3, field), 1);
        report.ratio(`control/anonymous ${what}`, perRound(1, field), 1, "1.00 on a quiet machine");
      }
    } finally {
      for (const { client, app } of connected) {
        await client.close();
        await app.close();
      }
      await issuer.close();
    }
  },
};
