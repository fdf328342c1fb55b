import { expect } from "chai";
import { ApplicationConfigurationError, McpApplication, RequireScopes, Tool } from "../../lib/index.js";

class Payroll {
  @Tool({ input: { type: "object", properties: {} } })
  @RequireScopes("payroll:read")
  async salaries() {
    return "all of them";
  }
}

describe("scoped handlers over HTTP without an auth option", () => {
  it("are refused at listenHttp, naming the scopes and the fix, rather than served unchecked", async () => {
    const app = new McpApplication({ name: "payroll", services: [Payroll], onWarning: () => undefined });
    try {
      const error = await app.listenHttp({ port: 0 }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(ApplicationConfigurationError);
      expect((error as Error).message).to.match(/payroll:read/).and.to.match(/auth: false/);
    } finally {
      await app.close();
    }
  });

  it("are served unchecked with auth: false, saying so once", async () => {
    const warnings: string[] = [];
    const app = new McpApplication({ name: "payroll", services: [Payroll], auth: false, onWarning: (message) => warnings.push(message) });
    try {
      const listener = await app.listenHttp({ port: 0 });
      const response = await fetch(listener.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } } }),
      });
      expect(response.status).to.equal(200);
      expect(warnings.filter((w) => /unchecked|not checked/.test(w))).to.have.length(1);
    } finally {
      await app.close();
    }
  });
});
