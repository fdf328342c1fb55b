import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

/** One proxied connection and what it holds while blackholed. */
interface Link {
  client: Socket;
  upstream: Socket;
  toUpstream: Buffer[];
  toClient: Buffer[];
  /** The service closed its side while blackholed; passed on by `forward()`. */
  upstreamEnded: boolean;
}

/**
 * A TCP forwarder that can make a service stop answering without closing anything: in blackhole
 * mode it accepts connections and keeps every open one, but nothing passes in either direction
 * (no reply, no RST, no FIN), as with a network partition or a peer that froze. The bytes are
 * held, as a partition holds them, and delivered in order by `forward()`, so connections that
 * were not given up continue where they stopped.
 *
 * (spec/pools/support.ts has a proxy that refuses and resets instead: "the service went away".)
 */
export class BlackholeProxy {
  port = 0;
  private server?: Server;
  private blackholed = false;
  private readonly links = new Set<Link>();
  private heldListeners: Array<() => void> = [];
  private acceptListeners: Array<{ count: number; resolve: () => void }> = [];
  /** Connections accepted since start. */
  accepted = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free loopback port (or the previous one); forwarding. */
  async start(): Promise<number> {
    // allowHalfOpen: a client's FIN is not answered by one of ours while blackholed.
    const server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
    server.listen(this.port, "127.0.0.1");
    await once(server, "listening");
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** From now on nothing passes, on open connections and new ones; nothing is closed. */
  blackhole(): void {
    this.blackholed = true;
  }

  /** Delivers what was held, in order, and forwards again. */
  forward(): void {
    this.blackholed = false;
    for (const link of this.links) {
      for (const chunk of link.toUpstream.splice(0)) link.upstream.write(chunk);
      for (const chunk of link.toClient.splice(0)) link.client.write(chunk);
      if (link.upstreamEnded) link.client.end();
    }
  }

  /** Resolves when bytes a client sent are next held back (the request reached the blackhole). */
  nextHeld(): Promise<void> {
    return new Promise((resolve) => this.heldListeners.push(resolve));
  }

  /** Resolves once `count` connections have been accepted in all. */
  whenAccepted(count: number): Promise<void> {
    if (this.accepted >= count) return Promise.resolve();
    return new Promise((resolve) => this.acceptListeners.push({ count, resolve }));
  }

  /** Stops listening and cuts every connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const link of this.links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect({ host: this.target.host, port: this.target.port, allowHalfOpen: true });
    const link: Link = { client, upstream, toUpstream: [], toClient: [], upstreamEnded: false };
    this.links.add(link);
    this.accepted++;
    for (const listener of this.acceptListeners.filter((l) => l.count <= this.accepted)) {
      this.acceptListeners.splice(this.acceptListeners.indexOf(listener), 1);
      listener.resolve();
    }
    const cut = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      if (!this.blackholed) return void upstream.write(chunk);
      link.toUpstream.push(chunk);
      for (const listener of this.heldListeners.splice(0)) listener();
    });
    upstream.on("data", (chunk: Buffer) => {
      if (this.blackholed) link.toClient.push(chunk);
      else client.write(chunk);
    });
    // A client that gives up closes its side: the service is told, so its sessions end.
    client.on("end", cut);
    client.on("close", cut);
    upstream.on("end", () => {
      if (this.blackholed) link.upstreamEnded = true;
      else client.end();
    });
    upstream.on("close", () => {
      if (this.blackholed) link.upstreamEnded = true;
      else cut();
    });
    client.on("error", cut);
    upstream.on("error", () => {
      if (!this.blackholed) cut();
    });
  }
}
