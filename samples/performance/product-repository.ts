import { setTimeout as delay } from "node:timers/promises";
import { Batched, Cached, InvalidatesCache, Service, Timeout, currentSignal } from "../../lib/index.js";

export interface Product {
  id: string;
  name: string;
  price: number;
}

/** Stands in for a database table: every query costs a round trip. */
const table = new Map<string, Product>(Array.from({ length: 50 }, (_, i) => [String(i + 1), { id: String(i + 1), name: `Product ${i + 1}`, price: 10 + i }]));
export let queriesRun = 0;

async function query(ids: string[]): Promise<Product[]> {
  queriesRun++;
  await delay(15, undefined, { signal: currentSignal() }); // cancelled with the call
  return ids.flatMap((id) => (table.has(id) ? [table.get(id)!] : [])).reverse(); // any order: rows are matched by key
}

/**
 * Every lookup path a tool uses: concurrent `findById` calls become one `findByIds` query,
 * results stay fresh for 30 s for every caller, and `rename` evicts the renamed product.
 */
@Service()
export class ProductRepository {
  @Cached({ ttl: "30s", shared: true })
  @Batched({ batch: "findByIds", keyOf: (p: Product) => p.id, maxBatchSize: 100 })
  @Timeout("2s")
  async findById(id: string): Promise<Product | undefined> {
    return (await query([id]))[0];
  }

  async findByIds(ids: string[]): Promise<Product[]> {
    return query(ids);
  }

  @InvalidatesCache("findById", { args: (id: string) => [id] })
  async rename(id: string, name: string): Promise<void> {
    const product = table.get(id);
    if (product) table.set(id, { ...product, name });
  }
}
