export { createTestClient, type TestClient, type TestClientOptions } from "./create-test-client.js";
export { benchmark, benchmarkTool, summarize, type BenchmarkOptions, type BenchmarkStats } from "./benchmark.js";
export { ServerQueryCounter } from "./server-query-counter.js";
export { DatabaseUserCounter } from "./database-user-counter.js";
