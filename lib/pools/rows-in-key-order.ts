/**
 * Lines rows up with the keys asked for: one entry per key, in key order, `undefined` where no row
 * matched. What a batch loader (`findByIds` under `@Batched`) must return, since SQL `IN (...)`
 * returns rows in any order and omits missing keys.
 * @example
 * const rows = await db.query<User>("SELECT * FROM users WHERE id IN (?)", [ids]);
 * return rowsInKeyOrder(ids, rows, (u) => u.id);
 */
export function rowsInKeyOrder<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | undefined)[] {
  const byKey = new Map<unknown, R>();
  for (const row of rows) byKey.set(normalize(keyOf(row)), row);
  return keys.map((key) => byKey.get(normalize(key)));
}

// MySQL returns BIGINT/DECIMAL keys as strings or numbers depending on settings; compare them as text.
function normalize(key: unknown): unknown {
  return typeof key === "number" || typeof key === "bigint" ? String(key) : key;
}
