import type { Order, OrderStatus, User } from "./domain.js";

/** The injection token of the shop's data source: in memory by default, MySQL when MYSQL_URL is set. */
export const SHOP_STORE = Symbol("ShopStore");

/** Where users and orders live. Every method is one round trip (one SQL query on MySQL). */
export interface ShopStore {
  /** Says which data source serves, for logs and the health of the sample. */
  readonly description: string;
  /** The users with these ids, in any order; missing ids are simply absent. */
  usersByIds(ids: readonly number[]): Promise<User[]>;
  /** Users whose name contains `text` (case-insensitive), by name. */
  searchUsers(text: string, limit: number): Promise<User[]>;
  order(id: number): Promise<Order | undefined>;
  /** A user's latest orders first. */
  ordersOfUser(userId: number, limit: number): Promise<Order[]>;
  /** One page of orders with id > afterId, by id (keyset pagination: no OFFSET scans). */
  ordersAfter(afterId: number, limit: number, status?: OrderStatus): Promise<Order[]>;
}
