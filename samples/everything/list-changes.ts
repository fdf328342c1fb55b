import { McpApplication, Prompt, Service, Tool, type Constructor } from "../../lib/index.js";

/** A tool that is served only between two calls of test_trigger_tool_change. */
@Service()
export class OptionalTools {
  @Tool({ name: "test_optional_tool", description: "Served only while test_trigger_tool_change has switched it on" })
  async optional() {
    return "The optional tool is served.";
  }
}

/** A prompt that is served only between two calls of test_trigger_prompt_change. */
@Service()
export class OptionalPrompts {
  @Prompt({ name: "test_optional_prompt", description: "Served only while test_trigger_prompt_change has switched it on" })
  async optional() {
    return "The optional prompt is served.";
  }
}

/**
 * Changes what the server offers while it runs: each call switches a service on or off with
 * `app.addService` / `app.removeService`, and every connected client hears the matching
 * list_changed notification (2025-11-25 sessions, and 2026-07-28 `subscriptions/listen` streams
 * that asked for that list). The application is injected like any dependency (app.ts provides it).
 */
@Service()
export class ListChanges {
  constructor(private readonly app: McpApplication) {}

  @Tool({ name: "test_trigger_tool_change", description: "Adds test_optional_tool, or removes it when it is there; clients hear tools/list_changed" })
  async toggleTool() {
    return (await this.toggle(OptionalTools)) ? "test_optional_tool added" : "test_optional_tool removed";
  }

  @Tool({ name: "test_trigger_prompt_change", description: "Adds test_optional_prompt, or removes it when it is there; clients hear prompts/list_changed" })
  async togglePrompt() {
    return (await this.toggle(OptionalPrompts)) ? "test_optional_prompt added" : "test_optional_prompt removed";
  }

  /** Serves `service` if it was not served, else stops serving it; true when it is served now. */
  private async toggle(service: Constructor): Promise<boolean> {
    if (this.app.removeService(service)) return false;
    await this.app.addService(service);
    return true;
  }
}
