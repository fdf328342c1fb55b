// Mocha root hooks: what a test writes to this process's stderr (mcpkit's logs of the failures it provokes,
// reflection warnings, client libraries complaining about a service that is down) is shown only when that
// test fails, so a passing run prints only the results.
const write = process.stderr.write.bind(process.stderr);
let held: string[] = [];

function hold(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
  held.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString());
  const done = typeof encoding === "function" ? encoding : callback;
  if (typeof done === "function") queueMicrotask(() => (done as () => void)());
  return true;
}

export const mochaHooks = {
  beforeEach(): void {
    held = [];
    process.stderr.write = hold as typeof process.stderr.write;
  },
  afterEach(this: { currentTest?: { state?: string } }): void {
    process.stderr.write = write;
    if (this.currentTest?.state === "failed" && held.length > 0) write(`--- stderr of the failed test ---\n${held.join("")}---\n`);
    held = [];
  },
};
