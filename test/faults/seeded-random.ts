/** A run's seed: TEST_SEED when given (to reproduce a failure), else from the clock. */
export function runSeed(): number {
  const given = process.env.TEST_SEED;
  if (given === undefined || given === "") return Date.now() % 1_000_000;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`TEST_SEED must be an integer, got "${given}"`);
  return seed;
}

export interface Random {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** An independent stream for one concern, so adding draws to one does not shift the others. */
  fork(label: string): Random;
}

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    fork: (label) => seededRandom([...label].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0, seed ^ 2166136261)),
  };
}
