// A seeded pseudo-random source, so the same seed and scale always produce
// the same dataset, byte for byte (IDs, names, dates, hashes, signatures).

/** sfc32: small, fast, and good enough for synthetic data (not for secrets). */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const words = seedWords(String(seed));
    [this.a, this.b, this.c, this.d] = words;
    // Discard the first outputs: sfc32's state needs a few rounds to mix.
    for (let i = 0; i < 12; i += 1) this.next();
  }

  /** An unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4_294_967_296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** `count` distinct items (all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const wanted = Math.min(count, copy.length);
    for (let i = 0; i < wanted; i += 1) {
      const j = i + Math.floor(this.float() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, wanted);
  }

  /**
   * A UUIDv7 whose 48-bit time prefix is `timeMs` (as the app's ids.ts makes
   * them, so keyset order still follows creation order) and whose other bits
   * come from this generator instead of the system's random source.
   */
  uuidv7(timeMs: number): string {
    const hex = timeMs.toString(16).padStart(12, "0");
    const r1 = this.next();
    const r2 = this.next();
    const r3 = this.next();
    const version = `7${(r1 & 0xfff).toString(16).padStart(3, "0")}`;
    const variant = `${(0x8000 | ((r1 >>> 12) & 0x3fff)).toString(16)}`;
    const tail = `${(r2 >>> 0).toString(16).padStart(8, "0")}${(r3 & 0xffff).toString(16).padStart(4, "0")}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}-${variant}-${tail}`;
  }
}

/** Four 32-bit words from a string (cyrb128). */
function seedWords(text: string): [number, number, number, number] {
  let h1 = 1_779_033_703;
  let h2 = 3_144_134_277;
  let h3 = 1_013_904_242;
  let h4 = 2_773_480_762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597_399_067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2_869_860_233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951_274_213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2_716_044_179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597_399_067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2_869_860_233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951_274_213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2_716_044_179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}
