import { randomBytes } from "node:crypto";
import type * as mysql from "mysql2/promise";
import { clientLibraries } from "../pools/client-libraries.js";

/**
 * A MariaDB user of its own for one server under test. The server's per-user statistics
 * (`information_schema.USER_STATISTICS`) then count exactly the statements that server sent: from
 * another process, over new connections or a pool, with other clients busy on the same database.
 * MariaDB only; turns the server's `userstat` statistics on (needs an admin account).
 * @example
 * const user = await DatabaseUserCounter.create(process.env.MYSQL_URL!);
 * const server = spawn("node", ["server.js"], { env: { ...process.env, MYSQL_URL: user.url } });
 * const before = await user.selects();
 * // ... 100 concurrent get_user calls ...
 * expect((await user.selects()) - before).to.be.at.most(2);
 * await user.drop();
 */
export class DatabaseUserCounter {
  private constructor(
    private readonly admin: mysql.Connection,
    /** The user's name on the server. */
    readonly name: string,
    /** `adminUrl` with this user's name and no password: give it to the server under test. */
    readonly url: string,
  ) {}

  /** Creates the user with every privilege on `adminUrl`'s database. */
  static async create(adminUrl: string): Promise<DatabaseUserCounter> {
    const admin = await clientLibraries.mysql2().createConnection({ uri: adminUrl });
    try {
      const name = `mcpkit_${randomBytes(6).toString("hex")}`;
      const url = new URL(adminUrl);
      const database = decodeURIComponent(url.pathname.slice(1));
      if (!database) throw new Error(`${adminUrl} names no database; the counted user gets privileges on it`);
      await admin.query("SET GLOBAL userstat = ON");
      await admin.query("CREATE USER ?@'%'", [name]);
      await admin.query(`GRANT ALL PRIVILEGES ON ${admin.escapeId(database)}.* TO ?@'%'`, [name]);
      url.username = name;
      url.password = "";
      return new DatabaseUserCounter(admin, name, url.toString());
    } catch (error) {
      await admin.end();
      throw error;
    }
  }

  /** SELECT statements the server executed for this user so far. */
  selects(): Promise<number> {
    return this.statistic("SELECT_COMMANDS");
  }

  /** Connections the server accepted for this user so far. */
  connections(): Promise<number> {
    return this.statistic("TOTAL_CONNECTIONS");
  }

  /** Drops the user (its open connections stay until closed) and closes the admin connection. */
  async drop(): Promise<void> {
    try {
      await this.admin.query("DROP USER IF EXISTS ?@'%'", [this.name]);
    } finally {
      await this.admin.end();
    }
  }

  private async statistic(column: "SELECT_COMMANDS" | "TOTAL_CONNECTIONS"): Promise<number> {
    const [rows] = await this.admin.query<mysql.RowDataPacket[]>(`SELECT ${column} AS n FROM information_schema.USER_STATISTICS WHERE USER = ?`, [this.name]);
    return Number(rows[0]?.n ?? 0);
  }
}
