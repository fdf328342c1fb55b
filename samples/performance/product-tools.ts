import { Service, Timeout, Tool } from "../../lib/index.js";
import { ProductRepository, queriesRun, type Product } from "./product-repository.js";

@Service()
export class ProductTools {
  constructor(private readonly products: ProductRepository) {}

  @Tool({ name: "get_products", description: "Look up products by id (one query however many ids).", annotations: { readOnlyHint: true } })
  @Timeout("5s")
  async getProducts(ids: string[]): Promise<(Product | null)[]> {
    return Promise.all(ids.map(async (id) => (await this.products.findById(id)) ?? null));
  }

  @Tool({ name: "rename_product", description: "Rename a product." })
  async renameProduct(id: string, name: string): Promise<string> {
    await this.products.rename(id, name);
    return `Renamed ${id} to ${name}`;
  }

  @Tool({ name: "queries_run", description: "How many queries the data store has run so far.", annotations: { readOnlyHint: true } })
  async queriesRun(): Promise<number> {
    return queriesRun;
  }
}
