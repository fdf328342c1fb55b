export { createTestClient, type TestClient, type TestClientOptions } from "./create-test-client.js";
