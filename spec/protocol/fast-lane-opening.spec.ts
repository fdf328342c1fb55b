import { expect } from "chai";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import { LEGACY_PROTOCOL_VERSIONS } from "../../lib/protocol/capabilities.js";
import { MODERN_META } from "../support/modern-meta.js";

type Frame = Record<string, unknown>;
const SERVER = fileURLToPath(new URL("../fixtures/lane-server.js", import.meta.url));

/**
 * A lane server process and a client that writes frames in one burst, answers the server's
 * questions, and collects what comes back. In a fresh process the SDK is not loaded when the first
 * frames arrive, so the lane opens the connection and later hands it to the SDK.
 */
function serverProcess(sdkOnly: boolean) {
  const child = spawn(process.execPath, [SERVER, ...(sdkOnly ? ["--sdk"] : [])], { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.resume();
  const frames: Frame[] = [];
  let check = () => undefined as void;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const frame = JSON.parse(line) as Frame;
    if (frame.method === "elicitation/create") {
      child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: frame.id, result: { action: "accept", content: { city: "Rome" } } }) + "\n");
      return;
    }
    frames.push(frame);
    check();
  });
  return {
    /** Writes the frames at once; resolves with every frame received once each id is answered. */
    burst(messages: Frame[]): Promise<Frame[]> {
      const ids = messages.filter((m) => m.id !== undefined).map((m) => m.id);
      const done = new Promise<Frame[]>((resolve) => {
        check = () => {
          if (ids.every((id) => frames.some((f) => f.id === id && ("result" in f || "error" in f)))) resolve(frames.splice(0));
        };
      });
      child.stdin.write(messages.map((m) => JSON.stringify(m) + "\n").join(""));
      return done;
    },
    async close() {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** Frames in a stable order (answers by id, notifications in arrival order), sealed state masked. */
function comparable(frames: Frame[]): unknown {
  const key = (f: Frame) => ("id" in f && !("method" in f) ? `answer ${String(f.id)}` : `message ${JSON.stringify(f)}`);
  const sorted = [...frames].sort((a, b) => key(a).localeCompare(key(b)));
  return JSON.parse(JSON.stringify(sorted), (k, v) => (k === "requestState" ? "<sealed>" : v));
}

const call = (id: number, name: string, args: Frame = {}, meta?: Frame) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args, ...(meta && { _meta: meta }) } });

describe("fast lane: opening a connection before the SDK has loaded", () => {
  it("knows the same 2025 protocol versions as the SDK", () => {
    expect(LEGACY_PROTOCOL_VERSIONS).to.deep.equal(SUPPORTED_PROTOCOL_VERSIONS);
  });

  it("answers a 2025 client's opening burst exactly as a server without the lane, then hands the session to the SDK intact", async function () {
    this.timeout(20_000);
    const lane = serverProcess(false);
    const sdk = serverProcess(true);
    try {
      const opening = [
        { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: { elicitation: {} }, clientInfo: { name: "spec", version: "1" } } },
        { jsonrpc: "2.0", method: "notifications/initialized" },
        call(2, "echo", { text: "first" }),
        { jsonrpc: "2.0", id: 3, method: "tools/list" },
        call(4, "chatty"),
        call(5, "asks"),
        { jsonrpc: "2.0", id: 6, method: "ping" },
        call(7, "echo", { text: "after a queued ping" }),
        call(8, "nope"),
        { jsonrpc: "2.0", id: 13, method: "resources/read", params: { uri: "config://cached" } },
        { jsonrpc: "2.0", id: 14, method: "resources/read", params: { uri: "orders://5" } },
      ];
      const [fromLane, fromSdk] = await Promise.all([lane.burst(opening), sdk.burst(opening)]);
      expect(comparable(fromLane)).to.deep.equal(comparable(fromSdk));
      // Later traffic: the SDK's server knows the client (its level, its capabilities).
      const later = [{ jsonrpc: "2.0", id: 9, method: "logging/setLevel", params: { level: "error" } }];
      expect(comparable(await lane.burst(later))).to.deep.equal(comparable(await sdk.burst(later)));
      const more = [call(10, "chatty"), call(11, "asks"), { jsonrpc: "2.0", id: 12, method: "prompts/list" }];
      const [laneMore, sdkMore] = await Promise.all([lane.burst(more), sdk.burst(more)]);
      expect(comparable(laneMore)).to.deep.equal(comparable(sdkMore));
      expect(laneMore.filter((f) => f.method === "notifications/message")).to.have.length(1);
    } finally {
      await lane.close();
      await sdk.close();
    }
  });

  for (const then of ["2026-07-28 calls", "a 2025 initialize (the client falls back)"] as const) {
    it(`answers a server/discover probe followed by ${then} exactly as a server without the lane`, async function () {
      this.timeout(20_000);
      const lane = serverProcess(false);
      const sdk = serverProcess(true);
      try {
        const probe = [{ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: MODERN_META } }];
        const [laneProbe, sdkProbe] = await Promise.all([lane.burst(probe), sdk.burst(probe)]);
        expect(JSON.stringify(laneProbe), "the same bytes, keys in the same order").to.equal(JSON.stringify(sdkProbe));
        expect((laneProbe[0]!.result as Frame).supportedVersions).to.deep.equal(["2026-07-28"]);
        const next =
          then === "2026-07-28 calls"
            ? [call(2, "echo", { text: "after the probe" }, MODERN_META), { jsonrpc: "2.0", id: 3, method: "tools/list", params: { _meta: MODERN_META } }, { jsonrpc: "2.0", id: 4, method: "prompts/list", params: { _meta: MODERN_META } }]
            : [
                { jsonrpc: "2.0", id: 2, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } },
                { jsonrpc: "2.0", method: "notifications/initialized" },
                call(3, "echo", { text: "after the fallback" }),
                { jsonrpc: "2.0", id: 4, method: "prompts/list" },
              ];
        const [laneNext, sdkNext] = await Promise.all([lane.burst(next), sdk.burst(next)]);
        expect(comparable(laneNext)).to.deep.equal(comparable(sdkNext));
        expect(laneNext.every((f) => !("error" in f))).to.equal(true);
      } finally {
        await lane.close();
        await sdk.close();
      }
    });
  }

  it("answers a 2026-07-28 client's opening burst exactly as a server without the lane, and pins the era for the SDK", async function () {
    this.timeout(20_000);
    const lane = serverProcess(false);
    const sdk = serverProcess(true);
    const meta = { ...MODERN_META, "io.modelcontextprotocol/clientCapabilities": { elicitation: {} } };
    try {
      const opening = [
        { jsonrpc: "2.0", id: 9, method: "resources/read", params: { uri: "config://cached", _meta: meta } },
        call(1, "echo", { text: "first" }, meta),
        { jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta: meta } },
        call(3, "asks", {}, meta),
        { jsonrpc: "2.0", id: 4, method: "server/discover", params: { _meta: meta } },
        call(5, "echo", { text: "after a queued discover" }, meta),
        call(6, "fails", {}, meta),
        { jsonrpc: "2.0", id: 8, method: "resources/read", params: { uri: "orders://5", _meta: meta } },
      ];
      const [fromLane, fromSdk] = await Promise.all([lane.burst(opening), sdk.burst(opening)]);
      expect(comparable(fromLane)).to.deep.equal(comparable(fromSdk));
      // The era is pinned: a late 2025 handshake is refused by both.
      const late = [{ jsonrpc: "2.0", id: 7, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } }];
      const [laneLate, sdkLate] = [await lane.burst(late), await sdk.burst(late)];
      expect(comparable(laneLate)).to.deep.equal(comparable(sdkLate));
      expect(laneLate[0]!.error).to.exist;
    } finally {
      await lane.close();
      await sdk.close();
    }
  });
});

describe("fast lane: a client that hangs up while the SDK loads", () => {
  for (const era of ["legacy", "modern"] as const) {
    it(`still answers every ${era === "legacy" ? "2025" : "2026-07-28"} request that waited for the SDK, then exits`, async function () {
      this.timeout(20_000);
      const child = spawn(process.execPath, [SERVER], { stdio: ["pipe", "pipe", "pipe"] });
      child.stderr.resume();
      const answered: unknown[] = [];
      createInterface({ input: child.stdout }).on("line", (line) => void answered.push((JSON.parse(line) as Frame).id));
      const meta = era === "modern" ? { _meta: MODERN_META } : {};
      const opening =
        era === "legacy"
          ? [{ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } }, { jsonrpc: "2.0", method: "notifications/initialized" }]
          : [call(1, "echo", { text: "first" }, MODERN_META)];
      const waiting = [
        { jsonrpc: "2.0", id: 2, method: "ping", ...(era === "modern" && { params: meta }) },
        { jsonrpc: "2.0", id: 3, method: "resources/read", params: { uri: "orders://3", ...meta } },
        { jsonrpc: "2.0", id: 4, method: "prompts/list", ...(era === "modern" && { params: meta }) },
      ];
      child.stdin.end([...opening, ...waiting].map((m) => JSON.stringify(m) + "\n").join(""));
      const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
      expect(code).to.equal(0);
      expect([...answered].sort()).to.deep.equal([1, 2, 3, 4]);
    });
  }

  // Shutdown waits at most its drain timeout (10 s by default) for requests that waited for the SDK;
  // these two are never answered before shutdown, so waiting for them would show as a 10 s exit.
  const neverAnswered: [string, Frame[]][] = [
    [
      "a request the client cancelled",
      [
        { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "spec", version: "1" } } },
        { jsonrpc: "2.0", method: "notifications/initialized" },
        { jsonrpc: "2.0", id: 2, method: "prompts/list" },
        { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 2 } },
      ],
    ],
    ["a subscriptions/listen (answered only when its stream ends)", [call(1, "echo", { text: "first" }, MODERN_META), { jsonrpc: "2.0", id: 2, method: "subscriptions/listen", params: { _meta: MODERN_META, notifications: { toolsListChanged: true } } }]],
  ];
  for (const [what, frames] of neverAnswered) {
    it(`does not hold shutdown for ${what}`, async function () {
      this.timeout(20_000);
      const child = spawn(process.execPath, [SERVER], { stdio: ["pipe", "pipe", "pipe"] });
      child.stderr.resume();
      child.stdout.resume();
      const began = performance.now();
      child.stdin.end(frames.map((m) => JSON.stringify(m) + "\n").join(""));
      const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
      expect(code).to.equal(0);
      expect(performance.now() - began, "ms from the last frame to exit").to.be.below(5_000);
    });
  }
});
