import { Client } from "@modelcontextprotocol/client";
import { benchmarkTool } from "../../../lib/testing/index.js";

export type Era = "legacy" | "modern";
export const MODERN_REVISION = "2026-07-28";
export const ECHO_ARGS = { text: "hello" };

/** How many calls one round makes. */
export interface Plan {
  /** Sequential calls (median and p95 latency). */
  sequential: number;
  /** Calls kept 100 in flight (throughput). */
  concurrent: number;
}

/** The figures of one round. */
export interface RoundResult {
  median: number;
  p95: number;
  callsPerSecond: number;
  /** Server CPU time per call over the round's calls, in µs; only for a server in its own process. */
  cpuPerCall?: number;
}

export function newClient(era: Era): Client {
  return new Client({ name: "bench", version: "1.0.0" }, { versionNegotiation: era === "modern" ? { mode: { pin: MODERN_REVISION } } : { mode: "legacy" } });
}

/** Fails unless the client negotiated `era` and `echo` answers: a benchmark must never measure the wrong thing. */
export async function checkEcho(era: Era, client: Client): Promise<void> {
  const negotiated = client.getProtocolEra();
  if (negotiated !== era) throw new Error(`core bench: expected the ${era} era, the client negotiated ${negotiated}`);
  const result = await client.callTool({ name: "echo", arguments: ECHO_ARGS });
  const text = (result.content as { type: string; text?: string }[] | undefined)?.[0]?.text;
  if (result.isError || text !== ECHO_ARGS.text) throw new Error(`core bench: echo answered ${JSON.stringify(result)}`);
}

/** Warms a client and its server up: JIT, caches, sockets. */
export async function warmUp(client: Client, plan: Plan): Promise<void> {
  await benchmarkTool(client, "echo", ECHO_ARGS, { iterations: Math.min(plan.concurrent, 500), concurrency: 100, warmup: Math.min(plan.sequential, 500) });
}

/** One round: sequential calls for latency, then 100 in flight for throughput; `serverCpu` reads the server's CPU µs. */
export async function measureRound(client: Client, plan: Plan, serverCpu?: () => Promise<number>): Promise<RoundResult> {
  const warmup = 20;
  const cpuBefore = await serverCpu?.();
  const sequential = await benchmarkTool(client, "echo", ECHO_ARGS, { iterations: plan.sequential, warmup });
  // Unmeasured: opens the 100 HTTP connections again (idle ones closed while other targets ran).
  await benchmarkTool(client, "echo", ECHO_ARGS, { iterations: 100, concurrency: 100, warmup: 0 });
  const concurrent = await benchmarkTool(client, "echo", ECHO_ARGS, { iterations: plan.concurrent, concurrency: 100, warmup: 0 });
  const cpuAfter = await serverCpu?.();
  const calls = warmup + plan.sequential + 100 + plan.concurrent;
  return {
    median: sequential.median,
    p95: sequential.p95,
    callsPerSecond: concurrent.callsPerSecond,
    cpuPerCall: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / calls : undefined,
  };
}
