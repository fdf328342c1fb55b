import { McpApplication, runApplication } from "../../lib/index.js";
import { ProductTools } from "./product-tools.js";

// `defaultTimeout` bounds every tool without its own @Timeout.
const app = new McpApplication({ name: "mcpkit-performance", version: "0.1.0", services: [ProductTools], defaultTimeout: "10s" });
await runApplication(app);
