import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { loadOptionalPeer } from "../../lib/pools/client-libraries.js";
import { PoolConfigurationError } from "../../lib/index.js";
import { ROOT, tempProject } from "../schema/support.js";

describe("optional dependencies", function () {
  this.timeout(30_000);

  it("a missing pool library fails with the package to install", () => {
    expect(() => loadOptionalPeer("mcpkit-no-such-package", "mcpkit-no-such-package/promise", "MysqlPool"))
      .to.throw(PoolConfigurationError, 'MysqlPool: needs the "mcpkit-no-such-package" package, an optional peer dependency of mcpkit that is not installed. Fix: npm install mcpkit-no-such-package.');
  });

  it("mcpkit schema without TypeScript 5/6 names the command that provides it, and leaves tsc alone", () => {
    const project = tempProject();
    try {
      project.write("tools.ts", "export class Tools {}\n");
      // A project outside this repository, and a PATH with node but no tsc.
      const run = spawnSync(process.execPath, [path.join(ROOT, "dist/lib/cli/main.js"), "schema"], {
        cwd: project.dir,
        encoding: "utf8",
        env: { ...process.env, PATH: path.dirname(process.execPath) },
      });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain("mcpkit schema reads your sources with TypeScript's compiler API (typescript 5.x or 6.x). No typescript package was found.");
      expect(run.stderr).to.contain("npm exec --yes --package=typescript@~6.0 -- mcpkit schema");
    } finally {
      project.remove();
    }
  });
});
