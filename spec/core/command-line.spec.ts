import { expect } from "chai";
import { parseCommandLine } from "../../lib/index.js";

describe("parseCommandLine", () => {
  it("serves stdio when given no options", () => {
    expect(parseCommandLine([])).to.deep.equal({ http: false, port: 3000, host: "127.0.0.1", stateless: false });
  });

  it("serves HTTP on the given port", () => {
    expect(parseCommandLine(["--http", "--port", "8080"])).to.include({ http: true, port: 8080 });
  });

  it("takes any HTTP option, even the default port, to mean HTTP", () => {
    expect(parseCommandLine(["--port", "3000"]).http).to.equal(true);
    expect(parseCommandLine(["--stateless"])).to.include({ http: true, stateless: true });
    expect(parseCommandLine(["--host", "0.0.0.0"])).to.include({ http: true, host: "0.0.0.0" });
  });

  it("rejects an unknown option, listing the known ones", () => {
    expect(() => parseCommandLine(["--htp"])).to.throw("Unknown option --htp. Options: --http [--port N] [--host H] [--stateless]");
  });

  it("rejects a port that is not a whole number in range", () => {
    expect(() => parseCommandLine(["--port", "70000"])).to.throw(/--port must be a whole number/);
    expect(() => parseCommandLine(["--port"])).to.throw("--port needs a value");
  });
});
