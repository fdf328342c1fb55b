import type { Order, OrderStatus, User } from "./domain.js";
import { seedOrders, seedUsers } from "./seed-data.js";
import type { ShopStore } from "./shop-store.js";

/** The embedded data set, so `npm start` needs no database. */
export class MemoryShopStore implements ShopStore {
  readonly description = "the embedded in-memory data set";
  private readonly users = new Map(seedUsers().map((u) => [u.id, u]));
  private readonly orders = seedOrders();
  private readonly byId = new Map(this.orders.map((o) => [o.id, o]));

  async usersByIds(ids: readonly number[]): Promise<User[]> {
    return ids.map((id) => this.users.get(id)).filter((u): u is User => u !== undefined);
  }

  async searchUsers(text: string, limit: number): Promise<User[]> {
    const needle = text.toLowerCase();
    return [...this.users.values()]
      .filter((u) => u.name.toLowerCase().includes(needle))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
      .slice(0, limit);
  }

  async order(id: number): Promise<Order | undefined> {
    return this.byId.get(id);
  }

  async ordersOfUser(userId: number, limit: number): Promise<Order[]> {
    return this.orders
      .filter((o) => o.userId === userId)
      .sort((a, b) => b.placedOn.localeCompare(a.placedOn) || b.id - a.id)
      .slice(0, limit);
  }

  async ordersAfter(afterId: number, limit: number, status?: OrderStatus): Promise<Order[]> {
    const page: Order[] = [];
    // Orders are stored by id, so the page starts right after `afterId`.
    for (let i = Math.max(0, afterId); i < this.orders.length && page.length < limit; i++) {
      const order = this.orders[i]!;
      if (!status || order.status === status) page.push(order);
    }
    return page;
  }
}
