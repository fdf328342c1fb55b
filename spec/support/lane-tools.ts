// Tools that answer in every way a tool call can end, for the specs that compare the fast lane with the SDK.
import { Cached, clientSupports, currentSignal, elicit, InvalidParamsError, log, Resource, ResourceNotFoundError, Tool } from "../../lib/index.js";

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

  static aborted: string[] = [];
}
