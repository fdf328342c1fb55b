// One instance of the cluster sample: the flagship shop with the `cluster` option (shared state on
// Redis when REDIS_URL is set), served over Streamable HTTP; SIGTERM drains it and exits.
import { runApplication } from "../../lib/index.js";
import { createFlagshipApplication } from "../flagship/flagship-application.js";

await runApplication(createFlagshipApplication({ cluster: true }));
