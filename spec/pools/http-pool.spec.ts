import { expect } from "chai";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { HttpPool, HttpStatusError, PoolExhaustedError, PoolOperationAbortedError, PoolUnavailableError, Service, Tool } from "../../lib/index.js";
import { createTestClient } from "../../lib/testing/index.js";
import { gate, unusedPort } from "./support.js";

/** A local upstream whose handler each test supplies; counts TCP connections and aborted requests. */
async function upstream(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = createServer(handler);
  server.on("connection", () => void connections++);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when the upstream sees a request end without a response: the client aborted it. */
function abortedOnTheWire(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.on("close", () => void (res.writableEnded ? undefined : resolve())));
}

describe("HttpPool", () => {
  it("reuses keep-alive connections for sequential requests and parses JSON", async () => {
    const api = await upstream((req, res) => res.end(JSON.stringify({ path: req.url })));
    const http = new HttpPool({ baseUrl: `${api.url}/v1/` });
    try {
      for (let i = 0; i < 10; i++) expect(await http.getJson(`/items/${i}`, { query: { q: "a b" } })).to.deep.equal({ path: `/v1/items/${i}?q=a+b` });
      // undici frees a socket a tick after the body ends, so the second request may open one more; no further.
      expect(api.connections()).to.be.at.most(2);
      expect(http.health()).to.include({ operations: 10, errors: 0, status: "up" });
    } finally {
      await http.close();
      await api.close();
    }
  });

  it("opens at most `connections` sockets per origin; the rest wait, and past maxQueued fail at once", async () => {
    const release = gate();
    let arrived = 0;
    const allArrived = gate();
    const api = await upstream((_req, res) => {
      if (++arrived === 2) allArrived.open();
      void release.promise.then(() => res.end("{}"));
    });
    const http = new HttpPool({ connections: 2, maxQueued: 2 });
    try {
      const requests = Array.from({ length: 4 }, () => http.getJson(api.url));
      await allArrived.promise;
      expect(http.health()).to.include({ waiting: 2, waitingLimit: 2 });
      expect(http.health().connections).to.include({ busy: 2, limit: 2 });
      const refused = await http.getJson(api.url).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(PoolExhaustedError);
      expect((refused as Error).message).to.include(`HTTP pool "http" is exhausted: 2 connections to ${api.url} are busy and 2 requests are already waiting (maxQueued)`);
      release.open();
      await Promise.all(requests);
      expect(api.connections()).to.equal(2);
    } finally {
      await http.close();
      await api.close();
    }
  });

  it("aborts a request on the wire when its timeout passes", async () => {
    let aborted!: Promise<void>;
    const api = await upstream((_req, res) => void (aborted = abortedOnTheWire(res)));
    const http = new HttpPool({ name: "carrier", timeoutMs: 5_000 });
    try {
      const error = await http.getJson(`${api.url}/slow`, { timeoutMs: 50 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(PoolOperationAbortedError);
      expect((error as Error).message).to.equal(`HTTP pool "carrier": GET ${api.url}/slow was aborted because it timed out after 50 ms.`);
      await aborted;
      expect(http.health()).to.include({ aborted: 1 });
    } finally {
      await http.close();
      await api.close();
    }
  });

  it("aborts the upstream request of a tool call the MCP client cancels (ambient signal)", async () => {
    const arrived = gate();
    let aborted!: Promise<void>;
    const api = await upstream((_req, res) => {
      aborted = abortedOnTheWire(res);
      arrived.open();
    });
    const http = new HttpPool({ baseUrl: api.url });
    @Service()
    class Fetcher {
      constructor(private readonly http: HttpPool) {}
      @Tool({ name: "fetch_slow" })
      async fetchSlow(): Promise<unknown> {
        return this.http.getJson("/never");
      }
    }
    const { client, close } = await createTestClient({ name: "http-cancel", services: [Fetcher], pools: [http] });
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: "fetch_slow", arguments: {} }, { signal: controller.signal }).catch((e: unknown) => e);
      await arrived.promise;
      controller.abort();
      await call;
      await aborted;
    } finally {
      await close();
      await api.close();
    }
  });

  it("reports a non-2xx status with the body, and an unreachable upstream as unavailable", async () => {
    const api = await upstream((_req, res) => {
      res.statusCode = 404;
      res.end("no such parcel");
    });
    const http = new HttpPool();
    const dead = await unusedPort();
    try {
      const notFound = await http.getJson(`${api.url}/parcels/9`).catch((e: unknown) => e);
      expect(notFound).to.be.instanceOf(HttpStatusError);
      expect((notFound as Error).message).to.equal(`HTTP pool "http": GET ${api.url}/parcels/9 answered 404: no such parcel`);
      const refused = await http.getJson(`http://127.0.0.1:${dead}/`).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(PoolUnavailableError);
      expect((refused as Error).message).to.include(`HTTP pool "http" cannot reach http://127.0.0.1:${dead}`);
      expect(http.health()).to.include({ status: "down", errors: 1 });
    } finally {
      await http.close();
      await api.close();
    }
  });
});
