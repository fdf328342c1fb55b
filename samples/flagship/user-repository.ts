import { Batched, inject, rowsInKeyOrder, Service } from "../../lib/index.js";
import type { User } from "./domain.js";
import { SHOP_STORE, type ShopStore } from "./shop-store.js";

/** Users, read through the shop's store. */
@Service()
export class UserRepository {
  constructor(@inject(SHOP_STORE) private readonly store: ShopStore) {}

  /**
   * One user. Concurrent calls (from concurrent tool calls) are combined by `@Batched` into
   * `findByIds` calls: one `WHERE id IN (...)` query each. A lone call is sent at once; the calls
   * that arrive while that query runs go together as the next one, over stdio and HTTP alike.
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
