import { inject, Service } from "../../lib/index.js";
import type { Order, OrderStatus } from "./domain.js";
import { SHOP_STORE, type ShopStore } from "./shop-store.js";

/** Orders, read through the shop's store. */
@Service()
export class OrderRepository {
  constructor(@inject(SHOP_STORE) private readonly store: ShopStore) {}

  findById(id: number): Promise<Order | undefined> {
    return this.store.order(id);
  }

  latestOf(userId: number, limit: number): Promise<Order[]> {
    return this.store.ordersOfUser(userId, limit);
  }

  /** Every order (optionally of one status), page by page, without holding a connection between pages. */
  async *scan(status: OrderStatus | undefined, pageSize: number): AsyncGenerator<Order[]> {
    let afterId = 0;
    for (;;) {
      const page = await this.store.ordersAfter(afterId, pageSize, status);
      if (page.length === 0) return;
      yield page;
      afterId = page[page.length - 1]!.id;
    }
  }
}
