import { Batched, inject, rowsInKeyOrder, Service } from "../../lib/index.js";
import type { User } from "./domain.js";
import { SHOP_STORE, type ShopStore } from "./shop-store.js";

/** Users, read through the shop's store. */
@Service()
export class UserRepository {
  constructor(@inject(SHOP_STORE) private readonly store: ShopStore) {}

  /**
   * One user. Concurrent calls (from concurrent tool calls) within one tick are combined by
   * `@Batched` into a single `findByIds` call: one `WHERE id IN (...)` query for all of them.
   * (A server mostly called over Streamable HTTP, where each request is its own I/O event, batches
   * more with `window: "2ms"`; over stdio and in memory one tick gathers them at no added latency.)
   */
  @Batched({ batch: "findByIds", maxBatchSize: 500 })
  async findById(id: number): Promise<User | undefined> {
    return (await this.findByIds([id]))[0];
  }

  /** Many users in one query, in the order of `ids`; `undefined` where no user has that id. */
  async findByIds(ids: readonly number[]): Promise<(User | undefined)[]> {
    return rowsInKeyOrder(ids, await this.store.usersByIds(ids), (user) => user.id);
  }

  search(text: string, limit: number): Promise<User[]> {
    return this.store.searchUsers(text, limit);
  }
}
