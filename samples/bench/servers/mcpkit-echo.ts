// The trivial tool served by mcpkit, for the side-by-side benchmark.
//   node mcpkit-echo.js [--tools N] [--http --port N]   (--tools N adds N - 1 filler tools beside `echo`)
import { McpApplication, runApplication, Service, Tool, type Constructor } from "../../../lib/index.js";

@Service()
export class EchoTools {
  @Tool({ description: "Returns its input." })
  async echo(text: string): Promise<string> {
    return text;
  }
}

/** A service class with `count` tools `echo_1` … `echo_<count>`, declared at runtime with an explicit input schema. */
function fillerTools(count: number): Constructor {
  class FillerTools {}
  for (let i = 1; i <= count; i++) {
    const name = `echo_${i}`;
    Object.defineProperty(FillerTools.prototype, name, {
      value: async (args: { text: string }) => args.text,
      writable: true,
      configurable: true,
    });
    const input = { type: "object", properties: { text: { type: "string" } }, required: ["text"], additionalProperties: false };
    Reflect.decorate([Tool({ name, description: `Returns its input (filler tool ${i}).`, input })], FillerTools.prototype, name, Object.getOwnPropertyDescriptor(FillerTools.prototype, name));
  }
  Reflect.decorate([Service()], FillerTools);
  return FillerTools;
}

/** The echo server; with `tools` > 1 it also serves `tools - 1` filler tools. */
export function createMcpkitEcho(tools = 1): McpApplication {
  const services: Constructor[] = tools > 1 ? [EchoTools, fillerTools(tools - 1)] : [EchoTools];
  return new McpApplication({ name: "echo", version: "1.0.0", services });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--tools");
  const tools = at >= 0 ? Number(argv.splice(at, 2)[1]) : 1;
  // The benchmark asks for this process's CPU time (µs) to compute the server's cost per call.
  process.on("SIGUSR2", () => {
    const { user, system } = process.cpuUsage();
    process.stderr.write(`bench-cpu ${user + system}\n`);
  });
  await runApplication(createMcpkitEcho(tools), argv);
}
