/**
 * Seeded randomness for the fuzz specs: the same seed always makes the same cases, so a failure can be
 * replayed. MCPKIT_FUZZ_SEED picks the seed (decimal or 0x hex), MCPKIT_FUZZ_ITERATIONS how many cases
 * each fuzz run makes (each spec has its own default, sized to keep the suite fast).
 */

/** The seed every fuzz run starts from unless MCPKIT_FUZZ_SEED says otherwise. */
export const DEFAULT_SEED = 0x6d63706b;

export const FUZZ_SEED = parseSeed(process.env.MCPKIT_FUZZ_SEED) ?? DEFAULT_SEED;

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const seed = Number(text.trim());
  if (!Number.isSafeInteger(seed)) throw new Error(`MCPKIT_FUZZ_SEED must be an integer (decimal or 0x hex), got "${text}"`);
  return seed >>> 0;
}

/** How many cases a fuzz run makes: MCPKIT_FUZZ_ITERATIONS when set, else the spec's default. */
export function fuzzIterations(defaultCount: number): number {
  const text = process.env.MCPKIT_FUZZ_ITERATIONS;
  if (text === undefined || text.trim() === "") return defaultCount;
  const count = Number(text);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`MCPKIT_FUZZ_ITERATIONS must be a positive integer, got "${text}"`);
  return count;
}

/** mulberry32: a tiny 32-bit PRNG, plenty for generating test cases. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a name, to give every fuzz run its own stream from one seed. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick() from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the choices, by weight: `[[3, a], [1, b]]` picks a three times as often as b. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

/**
 * One fuzz run: its own random stream (from the seed and the run's name), its case count, and the case
 * being tried, so a failure names the seed, the case and how to replay it.
 */
export class FuzzRun {
  readonly random: Random;
  readonly seed = FUZZ_SEED;
  /** What the run is doing now; shown when it fails. */
  current = "setting up";

  /**
   * @param name the test's full title: replaying greps for it
   * @param iterations the MCPKIT_FUZZ_ITERATIONS value that reproduces the run
   * @param stream names the random stream, when one test runs several (default: the name)
   */
  constructor(
    readonly name: string,
    readonly iterations: number,
    stream: string = name,
  ) {
    this.random = new Random((FUZZ_SEED ^ hashName(stream)) >>> 0);
  }

  /** Runs the fuzz body; a failure's message gains the seed, the case and the command to replay it. */
  async guard(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const replay =
        `\n    fuzz run "${this.name}", seed ${this.seed} (0x${this.seed.toString(16)}), MCPKIT_FUZZ_ITERATIONS ${this.iterations}` +
        `\n    while: ${this.current}` +
        `\n    replay: MCPKIT_FUZZ_SEED=${this.seed} MCPKIT_FUZZ_ITERATIONS=${this.iterations} npm test -- --grep "${this.name.replace(/"/g, '\\"')}"`;
      if (error instanceof Error) {
        error.message += replay;
        throw error;
      }
      throw new Error(`${String(error)}${replay}`);
    }
  }
}

/** A short, printable description of a value that may be huge or deeply nested. */
export function preview(value: unknown, max = 400): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" && v.length > 60 ? `${v.slice(0, 40)}…(${v.length} chars)` : v)) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
