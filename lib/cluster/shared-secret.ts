import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * The `requestState` HMAC key every instance uses: the first instance to start stores a random one
 * (SET NX), the others read it. Anyone who can read it could seal state, so it lives with the data
 * the instances already trust Redis with; give `requestState.secret` to keep it out of Redis.
 */
export async function sharedRequestStateSecret(client: Redis, key: string): Promise<string> {
  await client.set(key, randomBytes(32).toString("base64"), "NX");
  const secret = await client.get(key);
  if (secret === null) throw new Error(`the requestState secret at Redis key ${key} vanished right after it was stored`);
  return secret;
}
