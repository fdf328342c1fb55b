import { Cached, Prompt, RequireScopes, Resource, ResourceNotFoundError, Service, Tool } from "../../lib/index.js";
import type { Order, User } from "./domain.js";
import { OrderRepository } from "./order-repository.js";
import { UserRepository } from "./user-repository.js";

/** A user with their latest orders, as the `users://{id}` resource returns it. */
export interface UserProfile extends User {
  latestOrders: Order[];
}

/** Tools, a resource template and a prompt about the shop's customers; with auth, callers need customers:read. */
@Service()
@RequireScopes("customers:read")
export class UserTools {
  constructor(
    private readonly users: UserRepository,
    private readonly orders: OrderRepository,
  ) {}

  /**
   * Look up one customer by id.
   * @param id The customer's id (1-500 in the embedded data set). @minimum 1
   */
  @Tool({ name: "get_user", annotations: { readOnlyHint: true } })
  @Cached({ ttl: "10s", shared: true })
  async getUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new Error(`No customer has id ${id}. Fix: use search_users to find an id.`);
    return user;
  }

  /**
   * Look up many customers at once, with a single database query.
   * @param ids Customer ids, at most 100.
   */
  @Tool({ name: "get_users", annotations: { readOnlyHint: true } })
  async getUsers(ids: number[]): Promise<{ users: User[]; missing: number[] }> {
    if (ids.length > 100) throw new Error(`get_users takes at most 100 ids (got ${ids.length}). Fix: split the list.`);
    const found = await this.users.findByIds(ids);
    return { users: found.filter((u): u is User => u !== undefined), missing: ids.filter((_, i) => found[i] === undefined) };
  }

  /**
   * Find customers whose name contains the text (case-insensitive), sorted by name.
   * @param text Part of a name, e.g. "hopper". @minLength 1
   * @param limit How many customers to return at most. @minimum 1 @maximum 100
   */
  @Tool({ name: "search_users", annotations: { readOnlyHint: true } })
  @Cached({ ttl: "30s", shared: true })
  async searchUsers(text: string, limit = 10): Promise<User[]> {
    if (text.trim() === "") throw new Error("search_users needs some text to look for.");
    return this.users.search(text.trim(), Math.floor(limit));
  }

  /** A customer with their five latest orders. */
  @Resource({ uriTemplate: "users://{id}", name: "customer", mimeType: "application/json" })
  async customer(id: string): Promise<UserProfile> {
    const user = await this.users.findById(Number(id));
    if (!user) throw new ResourceNotFoundError(`users://${id}`, `No customer has id ${id}. Fix: use search_users to find an id.`);
    return { ...user, latestOrders: await this.orders.latestOf(user.id, 5) };
  }

  /** Ask the model for a short account summary of one customer. */
  @Prompt({ name: "customer_summary", description: "Write a short account summary of one customer from their profile and orders." })
  async customerSummary(id: string): Promise<string> {
    return (
      `Write a three-sentence account summary of customer ${id} for a support agent. ` +
      `Read the resource users://${id} for their details and latest orders, and call track_order ` +
      `for any order that is shipped but not yet delivered. Mention anything that needs attention.`
    );
  }
}
