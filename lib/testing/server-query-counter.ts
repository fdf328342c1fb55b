import type { Pool, PoolConnection, RowDataPacket } from "mysql2/promise";

/**
 * Counts the statements of one kind (default SELECT) that a MySQL/MariaDB server executed for a
 * mysql2 pool's connections, from the server's own per-session counters: proof that batching
 * really sent one query. `SHOW SESSION STATUS` itself is not counted.
 * @example
 * const counter = await ServerQueryCounter.start(pool);
 * await Promise.all(ids.map((id) => client.callTool({ name: "get_user", arguments: { id } })));
 * expect(await counter.count()).to.equal(1);
 */
export class ServerQueryCounter {
  private constructor(private readonly pool: Pool, private readonly status: string, private readonly before: Map<number, number>) {}

  /** Reads every pool connection's counter now (opening the pool's connections up to its limit). */
  static async start(pool: Pool, status = "Com_select"): Promise<ServerQueryCounter> {
    return new ServerQueryCounter(pool, status, await snapshot(pool, status));
  }

  /** Statements executed since `start()` on the pool's connections. */
  async count(): Promise<number> {
    const after = await snapshot(this.pool, this.status);
    let total = 0;
    for (const [thread, value] of after) total += value - (this.before.get(thread) ?? 0);
    return total;
  }
}

/** Holds all of the pool's connections at once, so each one's counter is read exactly once. */
async function snapshot(pool: Pool, status: string): Promise<Map<number, number>> {
  const limit = (pool as unknown as { pool?: { config?: { connectionLimit?: number } } }).pool?.config?.connectionLimit ?? 10;
  const connections: PoolConnection[] = await Promise.all(Array.from({ length: limit }, () => pool.getConnection()));
  try {
    const values = new Map<number, number>();
    for (const connection of connections) {
      const [rows] = await connection.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE ?", [status]);
      values.set(connection.threadId, Number(rows[0]?.Value ?? 0));
    }
    return values;
  } finally {
    for (const connection of connections) connection.release();
  }
}
