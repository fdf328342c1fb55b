import { McpApplication, runApplication } from "../../lib/index.js";
import { UserTools } from "./user-tools.js";

const app = new McpApplication({ name: "mcpkit-users", version: "0.1.0", services: [UserTools] });
await runApplication(app);
