import { ORDER_STATUSES, type Order, type User } from "./domain.js";

/** How big the embedded data set is: enough users to search, enough orders to stream. */
export const SEED_USERS = 500;
export const SEED_ORDERS = 10_000;

const FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis", "Radia", "Linus", "Hedy", "Tim", "Katherine", "John", "Sophie", "Niklaus", "Joan", "Guido"];
const LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie", "Perlman", "Torvalds", "Lamarr", "Berners-Lee", "Johnson", "McCarthy", "Wilson", "Wirth", "Clarke", "van Rossum"];
const CITIES = ["London", "Paris", "Lisbon", "Berlin", "Oslo", "Madrid", "Rome", "Dublin", "Vienna", "Prague"];

/** A small deterministic PRNG (mulberry32): the same data set on every machine and every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function day(start: number, offsetDays: number): string {
  return new Date(start + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** The users of the embedded data set (ids 1..SEED_USERS). */
export function seedUsers(): User[] {
  const next = random(42);
  const start = Date.UTC(2020, 0, 1);
  return Array.from({ length: SEED_USERS }, (_, index) => {
    const first = FIRST[Math.floor(next() * FIRST.length)]!;
    const last = LAST[Math.floor(next() * LAST.length)]!;
    const id = index + 1;
    return {
      id,
      name: `${first} ${last}`,
      email: `${first}.${last}.${id}@example.com`.toLowerCase().replace(/\s+/g, ""),
      city: CITIES[Math.floor(next() * CITIES.length)]!,
      signedUpOn: day(start, Math.floor(next() * 1500)),
    };
  });
}

/** The orders of the embedded data set (ids 1..SEED_ORDERS), each with a parcel tracking number. */
export function seedOrders(): Order[] {
  const next = random(7);
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: SEED_ORDERS }, (_, index) => {
    const id = index + 1;
    return {
      id,
      userId: 1 + Math.floor(next() * SEED_USERS),
      placedOn: day(start, Math.floor(next() * 700)),
      status: ORDER_STATUSES[Math.floor(next() * ORDER_STATUSES.length)]!,
      totalCents: 500 + Math.floor(next() * 50_000),
      tracking: `PX${String(id).padStart(8, "0")}`,
    };
  });
}
