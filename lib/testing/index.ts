export { createTestClient, type TestClient, type TestClientOptions } from "./create-test-client.js";
export { benchmark, benchmarkTool, summarize, type BenchmarkOptions, type BenchmarkStats } from "./benchmark.js";
