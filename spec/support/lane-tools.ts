// Tools that answer in every way a tool call can end, for the specs that compare the fast lane with the SDK.
import { Cached, clientSupports, Content, currentSignal, elicit, InvalidParamsError, log, Resource, ResourceNotFoundError, Tool, ToolResult } from "../../lib/index.js";

const OBJECT = { type: "object" } as const;

export class LaneTools {
  @Tool({ input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } })
  async echo({ text }: { text: string }) {
    return text;
  }

  @Tool({ input: OBJECT, output: { type: "object", properties: { n: { type: "number" } } } })
  async structured() {
    return { n: 7 };
  }

  @Tool({ input: OBJECT })
  async fails(): Promise<string> {
    throw new Error("the warehouse is closed");
  }

  @Tool({ input: OBJECT })
  async refuses(): Promise<string> {
    throw new InvalidParamsError("no such order", { order: 9 });
  }

  @Tool({ input: OBJECT })
  async missing(): Promise<string> {
    throw new ResourceNotFoundError("orders://9");
  }

  /** The SDK's own `ProtocolError` with the resource-not-found code (imported here only: the lane servers start without the SDK). */
  @Tool({ input: OBJECT })
  async gone(): Promise<string> {
    const { ProtocolError } = await import("@modelcontextprotocol/server");
    throw new ProtocolError(-32002, "order 9 is gone", { uri: "orders://9" });
  }

  /** Results the method builds itself, which the SDK checks: a block with a key it drops, and two it refuses. */
  @Tool({ input: OBJECT })
  async extraKey() {
    return ToolResult.of({ type: "text", text: "hi", extra: 1 } as never);
  }

  @Tool({ input: OBJECT })
  async badImage() {
    return ToolResult.of(Content.image("data:image/png;base64,AAAA", "image/png"));
  }

  @Tool({ input: OBJECT })
  async badText() {
    return ToolResult.of({ type: "text", text: 5 } as never);
  }

  @Tool({ input: OBJECT })
  async chatty() {
    await log("info", "starting");
    await log("error", "half way");
    return "done";
  }

  @Tool({ input: OBJECT })
  async asks() {
    if (!clientSupports("elicitation")) return "cannot ask";
    const answer = await elicit({ message: "Which city?", requestedSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } });
    return answer.action === "accept" ? `to ${String(answer.content?.city)}` : answer.action;
  }

  @Tool({ input: OBJECT })
  async waits() {
    const signal = currentSignal()!;
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    LaneTools.aborted.push(String(signal.reason));
    return "stopped";
  }

  @Resource({ uri: "config://plain", mimeType: "text/plain" })
  async plain() {
    return "mode=fast";
  }

  @Resource({ uri: "config://cached", mimeType: "text/plain" })
  @Cached({ ttl: "5m", shared: true })
  async cachedConfig() {
    return "cached for everyone";
  }

  @Resource({ uriTemplate: "orders://{id}", mimeType: "application/json" })
  async order(id: number) {
    if (id === 404) throw new ResourceNotFoundError(`orders://${id}`, `No order ${id}`);
    return { id, idType: typeof id };
  }

  /** Waits until the client cancels it, then asks the client (a 2026-07-28 question ends the call as input-required). */
  @Tool({ input: OBJECT })
  async asksOnceCancelled() {
    LaneTools.askedOnceCancelled++;
    const signal = currentSignal()!;
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    return (await elicit({ message: "Still there?", requestedSchema: { type: "object", properties: {} } })).action;
  }

  static aborted: string[] = [];
  static askedOnceCancelled = 0;
}
