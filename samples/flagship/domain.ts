/** A customer of the shop. */
export interface User {
  id: number;
  name: string;
  email: string;
  city: string;
  /** YYYY-MM-DD */
  signedUpOn: string;
}

export type OrderStatus = "placed" | "shipped" | "delivered" | "returned";

export const ORDER_STATUSES: readonly OrderStatus[] = ["placed", "shipped", "delivered", "returned"];

/** One order of a user; `tracking` is the carrier's parcel number. */
export interface Order {
  id: number;
  userId: number;
  /** YYYY-MM-DD */
  placedOn: string;
  status: OrderStatus;
  totalCents: number;
  tracking: string;
}

/** Where the carrier's parcel is, as its API reports it. */
export interface Parcel {
  tracking: string;
  status: string;
  location: string;
  updatedAt: string;
}
