import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inject, Service, type OnShutdown, type OnStartup } from "../../lib/index.js";
import { FLAGSHIP_SETTINGS, type FlagshipSettings } from "./settings.js";

const PLACES = ["Rotterdam hub", "Leipzig hub", "Lyon depot", "Out for delivery", "Customs", "Local depot"];
const STATES = ["label created", "in transit", "in transit", "out for delivery", "delivered"];

/**
 * A stand-in for a parcel carrier's HTTP API, started in-process on a free loopback port so the
 * sample needs no network. `GET /parcels/:tracking` answers JSON after a few milliseconds; the
 * parcel PX00000013 is with a carrier whose API never answers, to show the request timeout.
 */
@Service()
export class EmbeddedCarrierApi implements OnStartup, OnShutdown {
  private server?: Server;
  private base?: string;

  constructor(@inject(FLAGSHIP_SETTINGS) private readonly settings: FlagshipSettings) {}

  get url(): string {
    if (!this.base) throw new Error("The embedded carrier API is not started yet");
    return this.base;
  }

  async onStartup(): Promise<void> {
    if (this.settings.carrierUrl) return; // a real carrier API is configured
    this.server = createServer((req, res) => {
      const match = /^\/parcels\/([A-Z0-9]{1,20})$/.exec(req.url ?? "");
      if (req.method !== "GET" || !match) {
        res.writeHead(404, { "content-type": "text/plain" }).end("Unknown endpoint; try GET /parcels/PX00000001");
        return;
      }
      const tracking = match[1]!;
      if (tracking === "PX00000013") return; // never answers: the client's timeout must end the request
      const hash = [...tracking].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
      const timer = setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ tracking, status: STATES[hash % STATES.length], location: PLACES[hash % PLACES.length], updatedAt: new Date(Date.UTC(2025, 5, 1) + (hash % 1000) * 60_000).toISOString() }));
      }, 2 + (hash % 8));
      res.on("close", () => clearTimeout(timer));
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async onShutdown(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
