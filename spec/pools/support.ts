import { createServer as createNetServer, connect, type Server, type Socket } from "node:net";
import { once } from "node:events";
import mysql from "mysql2/promise";
import { MYSQL_URL } from "../support/services.js";

/**
 * A TCP proxy the spec controls: `close()` makes a service "go away" (refused connects, reset
 * sockets) and `listen()` on the same port brings it back, without touching the real service.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(port = this.port): Promise<number> {
    const server = createNetServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  /** Stops listening and cuts every proxied connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A local port nothing listens on (bound once, then released). */
export async function unusedPort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The MariaDB URL with another host:port (a proxy or a dead port). */
export function mysqlUrlAt(port: number): string {
  const url = new URL(MYSQL_URL);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return url.href;
}

/**
 * Re-checks server-side state until `check` passes (each attempt is a round trip to the server,
 * which is the wait); fails after `attempts` with the last observed value.
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, attempts = 500): Promise<T> {
  let value = await read();
  for (let i = 1; i < attempts && !check(value); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    value = await read();
  }
  if (!check(value)) throw new Error(`condition not reached after ${attempts} checks; last value: ${JSON.stringify(value)}`);
  return value;
}

/** An observer connection to MariaDB, for reading PROCESSLIST from outside the pool under test. */
export async function observer(): Promise<{ threads(ids: number[]): Promise<number[]>; running(marker: string): Promise<number[]>; end(): Promise<void> }> {
  const connection = await mysql.createConnection(MYSQL_URL);
  return {
    async threads(ids) {
      if (ids.length === 0) return [];
      const [rows] = await connection.query("SELECT ID FROM information_schema.PROCESSLIST WHERE ID IN (?)", [ids]);
      return (rows as { ID: number }[]).map((r) => Number(r.ID));
    },
    async running(marker) {
      const [rows] = await connection.query("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()", [`%${marker}%`]);
      return (rows as { ID: number }[]).map((r) => Number(r.ID));
    },
    end: () => connection.end(),
  };
}

/** A promise with its resolver, for holding a tool or a connection until the spec lets go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
