import { inject, MySqlPool, Service, type OnStartup } from "../../lib/index.js";
import type { Order, OrderStatus, User } from "./domain.js";
import { SEED_ORDERS, SEED_USERS, seedOrders, seedUsers } from "./seed-data.js";
import { FLAGSHIP_SETTINGS, type FlagshipSettings } from "./settings.js";
import type { ShopStore } from "./shop-store.js";

const USER_COLUMNS = "id, name, email, city, DATE_FORMAT(signed_up_on, '%Y-%m-%d') AS signedUpOn";
const ORDER_COLUMNS = "id, user_id AS userId, DATE_FORMAT(placed_on, '%Y-%m-%d') AS placedOn, status, total_cents AS totalCents, tracking";

/** Users and orders in MySQL/MariaDB; creates and seeds its tables at startup, idempotently. */
@Service()
export class MySqlShopStore implements ShopStore, OnStartup {
  readonly description: string;
  private readonly users: string;
  private readonly orders: string;

  constructor(
    private readonly db: MySqlPool,
    @inject(FLAGSHIP_SETTINGS) settings: FlagshipSettings,
  ) {
    this.users = `${settings.tablePrefix}users`;
    this.orders = `${settings.tablePrefix}orders`;
    this.description = `MySQL at ${db.address} (tables ${this.users}, ${this.orders})`;
  }

  /** Runs after the pool is up (pools start first): safe to run on every start, and by two servers at once. */
  async onStartup(): Promise<void> {
    await this.db.update(`CREATE TABLE IF NOT EXISTS ${this.users} (
      id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200) NOT NULL, city VARCHAR(50) NOT NULL,
      signed_up_on DATE NOT NULL, INDEX by_name (name))`);
    await this.db.update(`CREATE TABLE IF NOT EXISTS ${this.orders} (
      id INT PRIMARY KEY, user_id INT NOT NULL, placed_on DATE NOT NULL, status VARCHAR(16) NOT NULL,
      total_cents INT NOT NULL, tracking VARCHAR(20) NOT NULL, INDEX by_user (user_id, placed_on), INDEX by_status (status, id))`);
    const [users] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${this.users}`);
    if (Number(users!.n) < SEED_USERS) {
      const rows = seedUsers().map((u) => [u.id, u.name, u.email, u.city, u.signedUpOn]);
      await this.insertIgnore(`INSERT IGNORE INTO ${this.users} (id, name, email, city, signed_up_on) VALUES ?`, rows);
    }
    const [orders] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${this.orders}`);
    if (Number(orders!.n) < SEED_ORDERS) {
      const rows = seedOrders().map((o) => [o.id, o.userId, o.placedOn, o.status, o.totalCents, o.tracking]);
      await this.insertIgnore(`INSERT IGNORE INTO ${this.orders} (id, user_id, placed_on, status, total_cents, tracking) VALUES ?`, rows);
    }
  }

  usersByIds(ids: readonly number[]): Promise<User[]> {
    return this.db.query<User>(`SELECT ${USER_COLUMNS} FROM ${this.users} WHERE id IN (?)`, [ids]);
  }

  searchUsers(text: string, limit: number): Promise<User[]> {
    const pattern = `%${text.replace(/[\\%_]/g, "\\$&")}%`;
    return this.db.query<User>(`SELECT ${USER_COLUMNS} FROM ${this.users} WHERE name LIKE ? ORDER BY name, id LIMIT ?`, [pattern, limit]);
  }

  async order(id: number): Promise<Order | undefined> {
    const [order] = await this.db.query<Order>(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE id = ?`, [id]);
    return order;
  }

  ordersOfUser(userId: number, limit: number): Promise<Order[]> {
    return this.db.query<Order>(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE user_id = ? ORDER BY placed_on DESC, id DESC LIMIT ?`, [userId, limit]);
  }

  ordersAfter(afterId: number, limit: number, status?: OrderStatus): Promise<Order[]> {
    return status
      ? this.db.query<Order>(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE status = ? AND id > ? ORDER BY id LIMIT ?`, [status, afterId, limit])
      : this.db.query<Order>(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE id > ? ORDER BY id LIMIT ?`, [afterId, limit]);
  }

  private async insertIgnore(sql: string, rows: unknown[][]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) await this.db.update(sql, [rows.slice(i, i + 1000)]);
  }
}
