/**
 * A small seeded PRNG (mulberry32): the same seed gives the same logs on every machine, so a detection
 * test that passes once passes always, and a failing one can be replayed.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Exponentially distributed with this mean (gaps between independent events). */
  exponential(mean: number): number;
  /** Poisson-distributed count with this mean (Knuth; means here stay small). */
  poisson(mean: number): number;
  /** Lowercase hex of this many characters. */
  hex(length: number): string;
}

const HEX_DIGITS = "0123456789abcdef";

export function seeded(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    exponential: (mean) => -Math.log(1 - next()) * mean,
    poisson: (mean) => {
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = next(); p > limit; p *= next()) k++;
      return k;
    },
    hex: (length) => {
      // One draw per digit, as the generators' committed expectations were made; a string built by
      // appending, since this runs for every generated record's ids (a quarter of generating a week).
      let s = "";
      for (let i = 0; i < length; i++) s += HEX_DIGITS[Math.floor(next() * 16)];
      return s;
    },
  };
  return r;
}
