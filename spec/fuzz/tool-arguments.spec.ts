import { expect } from "chai";
import { ProtocolError, type Tool as ToolDefinition } from "@modelcontextprotocol/client";
import { compileArgumentValidator } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { assertPrototypesClean, fuzzedFlagship, prototypeSnapshot } from "./support/flagship.js";
import { fuzzIterations, FuzzRun, preview, type Random } from "./support/random.js";
import { hugeString, randomString, toolArguments, UNICODE, type Schema } from "./support/values.js";

/** Tool calls per era; MCPKIT_FUZZ_ITERATIONS overrides. */
const CALLS = fuzzIterations(300);
/** Calls in flight at once. */
const CONCURRENCY = 8;
/** A call unanswered for this long counts as hung. */
const ANSWER_WITHIN_MS = 5_000;

type Outcome = { result: Record<string, unknown> } | { error: unknown };

/** A tool's name, now and then mangled or unknown. */
function toolName(random: Random, tools: ToolDefinition[]): string {
  const real = random.pick(tools).name;
  return random.weighted<() => string>([
    [17, () => real],
    [1, () => random.pick(["", "GET_USER", `${real} `, `${real}\u0000`, "__proto__", "constructor", "toString", "hasOwnProperty", "../get_user"])],
    [1, () => random.pick([randomString(random, 12), random.pick(UNICODE)])],
    [1, () => hugeString(random)],
  ])();
}

/** Whether the arguments match the tool's advertised input schema, as they arrive (JSON, and the SDK drops a top-level "__proto__"). */
function acceptable(validate: (value: unknown) => string[] | null, args: unknown): boolean {
  if (args === undefined) return validate({}) === null;
  let wire: unknown;
  try {
    wire = JSON.parse(JSON.stringify(args));
  } catch {
    return false;
  }
  if (wire !== null && typeof wire === "object" && !Array.isArray(wire)) delete (wire as Record<string, unknown>)["__proto__"];
  return validate(wire) === null;
}

function textOf(result: Record<string, unknown>): string {
  const content = result.content as { type: string; text?: string }[];
  return content.find((block) => block.type === "text")?.text ?? "";
}

describe("fuzz: random arguments against every flagship tool", () => {
  for (const era of ["legacy", "modern"] as const) {
    it(`answers every call in the ${era} era with a result or a readable error, and keeps serving`, async function () {
      this.timeout(20_000 + CALLS * 100);
      const run = new FuzzRun(this.test!.fullTitle(), CALLS);
      const prototypes = prototypeSnapshot();
      const { app, faults } = fuzzedFlagship();
      const { client, close } = await createTestClient(app, { era });
      try {
        await run.guard(async () => {
          const { tools } = await client.listTools();
          expect(tools.map((t) => t.name).sort()).to.deep.equal(["export_orders", "get_user", "get_users", "search_users", "track_order"]);
          const byName = new Map(tools.map((tool) => [tool.name, { tool, input: compileArgumentValidator(tool.inputSchema), output: tool.outputSchema && compileArgumentValidator(tool.outputSchema) }]));
          const { random } = run;
          let progressTokens = 0;

          const call = async (index: number) => {
            const name = toolName(random, tools);
            const known = byName.get(name);
            const args = random.chance(0.95) ? toolArguments(random, (known?.tool ?? random.pick(tools)).inputSchema as Schema) : undefined;
            const params: Record<string, unknown> = { name, ...(args === undefined ? {} : { arguments: args }) };
            if (random.chance(0.2)) params._meta = { progressToken: random.chance(0.5) ? `p${++progressTokens}` : ++progressTokens };
            const described = `case ${index}: tools/call ${preview(params)}`;
            const outcome: Outcome = await client.request({ method: "tools/call", params }, { timeout: ANSWER_WITHIN_MS }).then(
              (result) => ({ result: result as Record<string, unknown> }),
              (error: unknown) => ({ error }),
            );
            run.current = described;
            if ("error" in outcome) {
              // Only an answer from the server is fine: a ProtocolError carries its JSON-RPC error; anything else (a timeout, a closed connection) is not an answer.
              expect(outcome.error, `${described}: no JSON-RPC answer`).to.be.instanceOf(ProtocolError);
              const { code, message } = outcome.error as ProtocolError;
              expect(code, described).to.be.a("number");
              expect(message, described).to.be.a("string").and.not.match(/^\s*$/).and.not.match(/\n\s+at /);
              // An error is the right answer to a call the tool could not take; a known tool given acceptable arguments must be served.
              expect(known && acceptable(known.input, args), `${described}: refused arguments its input schema accepts (${message})`).to.not.equal(true);
              return;
            }
            const { result } = outcome;
            expect(result.content, described).to.be.an("array");
            expect(known, `${described}: an unknown tool was called`).to.not.equal(undefined);
            if (result.isError === true) {
              expect(textOf(result), described).to.not.match(/^\s*$/).and.not.match(/\n\s+at /);
              if (acceptable(known!.input, args)) expect(textOf(result), `${described}: refused arguments its input schema accepts`).to.not.match(/^Invalid arguments/);
              return;
            }
            expect(acceptable(known!.input, args), `${described}: served arguments its input schema refuses`).to.equal(true);
            if (known!.output) expect(known!.output(result.structuredContent), `${described}: structuredContent does not match the tool's output schema`).to.equal(null);
          };

          for (let index = 0; index < CALLS; index += CONCURRENCY) {
            run.current = `calls ${index}-${Math.min(index + CONCURRENCY, CALLS) - 1}`;
            await Promise.all(Array.from({ length: Math.min(CONCURRENCY, CALLS - index) }, (_, i) => call(index + i)));
          }

          run.current = "after the fuzz calls";
          expect(faults, "methods failed with programming errors").to.deep.equal([]);
          assertPrototypesClean(prototypes);
          const user = await client.callTool({ name: "get_user", arguments: { id: 7 } });
          expect(user.structuredContent).to.include({ id: 7 });
          const found = (await client.callTool({ name: "search_users", arguments: { text: "hopper", limit: 2 } })).structuredContent as { result: { name: string }[] };
          expect(found.result).to.have.length(2);
          expect(app.health()).to.include({ status: "up", inFlight: 0 });
        });
      } finally {
        await close();
      }
    });
  }
});
