import { RequireScopes, Service, Timeout, Tool } from "../../lib/index.js";
import { CarrierClient } from "./carrier-client.js";
import type { Order, OrderStatus, Parcel } from "./domain.js";
import { OrderRepository } from "./order-repository.js";

const CSV_HEADER = "id,user_id,placed_on,status,total_cents,tracking\n";

function csvLine(order: Order): string {
  return `${order.id},${order.userId},${order.placedOn},${order.status},${order.totalCents},${order.tracking}\n`;
}

/** Tools about orders: live parcel tracking over HTTP, and a streamed export; with auth, callers need orders:read. */
@Service()
@RequireScopes("orders:read")
export class OrderTools {
  constructor(
    private readonly orders: OrderRepository,
    private readonly carrier: CarrierClient,
  ) {}

  /**
   * Where an order's parcel is now, asked live from the carrier's API.
   * @param orderId The order's id (1-10000 in the embedded data set). @minimum 1
   */
  @Tool({ name: "track_order", annotations: { readOnlyHint: true, openWorldHint: true } })
  @Timeout("5s")
  async trackOrder(orderId: number): Promise<{ order: Order; parcel: Parcel }> {
    const order = await this.orders.findById(orderId);
    if (!order) throw new Error(`No order has id ${orderId}.`);
    return { order, parcel: await this.carrier.track(order.tracking) };
  }

  /**
   * Export orders as CSV, page by page: each page is streamed to the client as it is read.
   * @param status Only orders with this status, or "all".
   */
  @Tool({ name: "export_orders", annotations: { readOnlyHint: true } })
  @RequireScopes("orders:export")
  async *exportOrders(status: OrderStatus | "all" = "all"): AsyncGenerator<string> {
    yield CSV_HEADER;
    for await (const page of this.orders.scan(status === "all" ? undefined : status, 500)) yield page.map(csvLine).join("");
  }
}
