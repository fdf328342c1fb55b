import { CLIENT_CAPABILITIES_META_KEY, type Server, type ServerContext } from "@modelcontextprotocol/server";
import type { ClientChannel, ClientInput, ClientInputOptions } from "../context/client-channel.js";
import type { InputRound } from "../context/input-round.js";
import type { ClientCapabilities, LoggingLevel, ProtocolEra } from "./wire-types.js";

/**
 * The client of one call over the SDK: progress and logs ride the request's own stream; questions
 * to the client are real requests in the 2025 era and input-required rounds in the 2026-07-28 era.
 */
export class SdkClientChannel implements ClientChannel {
  readonly progressToken: string | number | undefined;
  readonly checksCapabilities: boolean;

  constructor(
    private readonly ctx: ServerContext,
    private readonly server: Server,
    private readonly era: ProtocolEra,
    /** The answers of a 2026-07-28 call, made on first use (absent for 2025 calls). */
    private readonly roundOf: (() => InputRound) | undefined,
    readonly resourceUpdated: (uri: string) => void,
  ) {
    this.progressToken = ctx.mcpReq._meta?.progressToken;
    // A 2026-07-28 request that asks for a capability its envelope did not declare is answered by the SDK (-32021).
    this.checksCapabilities = era === "legacy";
  }

  supports(capability: keyof ClientCapabilities): boolean {
    const declared =
      this.era === "modern" ? ((this.ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) : this.server.getClientCapabilities();
    return declared?.[capability] !== undefined;
  }

  progress(progress: number, total?: number, message?: string): Promise<void> {
    const params: { progressToken: string | number; progress: number; total?: number; message?: string } = { progressToken: this.progressToken!, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    return this.ctx.mcpReq.notify({ method: "notifications/progress", params });
  }

  log(level: LoggingLevel, data: unknown, logger?: string): Promise<void> {
    return this.ctx.mcpReq.log(level, data, logger);
  }

  ask(input: ClientInput, options: ClientInputOptions): Promise<unknown> {
    if (this.era === "modern") {
      if (!this.roundOf) return Promise.reject(new Error(`${input.method} cannot be asked here: only tool calls, resource reads and prompt gets can ask the client`));
      return this.roundOf().ask(input, options.key);
    }
    const requestOptions = { timeout: options.timeout, signal: options.signal };
    if (input.method === "elicitation/create") return this.ctx.mcpReq.elicitInput(input.params, requestOptions);
    if (input.method === "sampling/createMessage") return this.ctx.mcpReq.requestSampling(input.params, requestOptions);
    return this.ctx.mcpReq.send({ method: "roots/list" }, requestOptions);
  }

  closeStream(): boolean {
    const close = this.ctx.http?.closeSSE;
    close?.();
    return close !== undefined;
  }
}
