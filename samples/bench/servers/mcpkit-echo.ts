// The trivial tool served by mcpkit, for the side-by-side benchmark.
import { McpApplication, runApplication, Service, Tool } from "../../../lib/index.js";

@Service()
export class EchoTools {
  @Tool({ description: "Returns its input." })
  async echo(text: string): Promise<string> {
    return text;
  }
}

export function createMcpkitEcho(): McpApplication {
  return new McpApplication({ name: "echo", version: "1.0.0", services: [EchoTools] });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) await runApplication(createMcpkitEcho());
