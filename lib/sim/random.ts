/**
 * Seeded, counter-based random numbers with independent named streams.
 *
 * Every draw is a pure function of `(seed, stream name, counter)`: a stream
 * is two 32-bit keys derived from the seed and the stream's name, and the
 * `i`-th uniform of a stream is a hash of `i` under those keys. Adding a
 * component or a venue (a new stream name) therefore never shifts the draws
 * of another, and order `i` draws the same numbers whether it is simulated
 * alone, in a chunk, or on another worker. Same seed, same numbers, bit for
 * bit.
 *
 * The mixer is Chris Wellons' `lowbias32` (a 32-bit integer hash with very
 * low bias) applied twice; uniforms have 32 bits of resolution and lie
 * strictly inside (0, 1), so `Math.log(u)` is always finite.
 *
 * @module
 */

const TWO_POW_32 = 4294967296;

/**
 * The `lowbias32` integer hash (Wellons, "Prospecting for Hash Functions").
 *
 * @example
 * ```ts
 * import { mix32 } from "./random.ts";
 * if (mix32(1) === mix32(2) || mix32(1) !== mix32(1)) throw new Error();
 * ```
 */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The `i`-th uniform in (0, 1) of the stream keyed by `k0`, `k1`.
 *
 * Exposed so hot loops can inline the two keys instead of calling a method.
 *
 * @example
 * ```ts
 * import { uniformAt } from "./random.ts";
 * const u = uniformAt(1, 2, 0);
 * if (!(u > 0 && u < 1)) throw new Error("out of range");
 * ```
 */
export function uniformAt(k0: number, k1: number, i: number): number {
  const h = mix32((mix32((i ^ k0) >>> 0) + k1) >>> 0);
  return (h + 0.5) / TWO_POW_32;
}

/**
 * The `i`-th 32-bit hash of a stream: the raw bits behind {@linkcode uniformAt}.
 *
 * @example
 * ```ts
 * import { bitsAt } from "./random.ts";
 * const b = bitsAt(1, 2, 3);
 * if (b !== (b >>> 0)) throw new Error("not an unsigned 32-bit integer");
 * ```
 */
export function bitsAt(k0: number, k1: number, i: number): number {
  return mix32((mix32((i ^ k0) >>> 0) + k1) >>> 0);
}

/** One named, independent stream of random numbers. */
export class RandomStream {
  /** First 32-bit key of the stream. */
  readonly k0: number;
  /** Second 32-bit key of the stream. */
  readonly k1: number;
  /** The stream's full name, for messages. */
  readonly name: string;

  /** Use {@linkcode Random.stream} rather than this constructor. */
  constructor(k0: number, k1: number, name: string) {
    this.k0 = k0;
    this.k1 = k1;
    this.name = name;
  }

  /**
   * The `i`-th uniform draw in (0, 1).
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * const s = new Random(7).stream("flow.side");
   * if (s.uniform(3) !== new Random(7).stream("flow.side").uniform(3)) {
   *   throw new Error("not deterministic");
   * }
   * ```
   */
  uniform(i: number): number {
    return uniformAt(this.k0, this.k1, i);
  }

  /**
   * The `i`-th standard normal draw (Box–Muller on draws `2i` and `2i + 1`).
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * const z = new Random(1).stream("x").normal(0);
   * if (!Number.isFinite(z)) throw new Error("not finite");
   * ```
   */
  normal(i: number): number {
    const u1 = uniformAt(this.k0, this.k1, 2 * i);
    const u2 = uniformAt(this.k0, this.k1, 2 * i + 1);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Fills `out` with uniforms `start, start + 1, ...`.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * const out = new Float64Array(4);
   * new Random(1).stream("x").fillUniform(out);
   * if (out.some((u) => u <= 0 || u >= 1)) throw new Error("out of range");
   * ```
   */
  fillUniform(out: Float64Array, start = 0): Float64Array {
    const { k0, k1 } = this;
    for (let i = 0; i < out.length; i++) out[i] = uniformAt(k0, k1, start + i);
    return out;
  }

  /**
   * A child stream whose keys depend on this stream's keys and `name`.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * const day = new Random(1).stream("day").child(3);
   * if (day.name !== "day/3") throw new Error(day.name);
   * ```
   */
  child(name: string | number): RandomStream {
    const h = fnv1a(String(name));
    const k0 = mix32((this.k0 ^ h) >>> 0);
    const k1 = mix32((this.k1 + mix32(h ^ 0x9e3779b9)) >>> 0);
    return new RandomStream(k0, k1, `${this.name}/${name}`);
  }
}

/**
 * A seeded source of independent named streams.
 *
 * @example
 * ```ts
 * import { Random } from "./random.ts";
 * const rng = new Random(42);
 * const sides = rng.stream("flow.side");
 * const sizes = rng.stream("flow.size");
 * // Streams with different names are independent; the same name repeats.
 * if (sides.uniform(0) === sizes.uniform(0)) throw new Error("streams collide");
 * if (sides.uniform(0) !== rng.stream("flow.side").uniform(0)) throw new Error();
 * ```
 */
export class Random {
  /** The seed, an integer in [0, 2^32). */
  readonly seed: number;

  /** @param seed any safe integer; it is reduced to 32 bits after mixing its high part. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`seed: expected a safe integer, got ${seed}`);
    }
    const high = Math.floor(seed / TWO_POW_32);
    this.seed = (mix32(high >>> 0) ^ (seed >>> 0)) >>> 0;
  }

  /**
   * The stream called `name`; `parts` (replication, day, ...) make sub-streams.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * const rng = new Random(1);
   * const a = rng.stream("market.path", 0);
   * const b = rng.stream("market.path", 1);
   * if (a.uniform(0) === b.uniform(0)) throw new Error("replications collide");
   * ```
   */
  stream(name: string, ...parts: (string | number)[]): RandomStream {
    const h = fnv1a(name);
    let s = new RandomStream(
      mix32((this.seed ^ h) >>> 0),
      mix32((mix32(this.seed + 0x6a09e667) ^ mix32(h + 0xbb67ae85)) >>> 0),
      name,
    );
    for (const p of parts) s = s.child(p);
    return s;
  }
}

/**
 * Quantiles of the standard normal at the midpoints of `n` equal-probability bins.
 *
 * @example
 * ```ts
 * import { normalQuantileTable } from "./random.ts";
 * const t = normalQuantileTable(4);
 * if (Math.abs(t[0] + t[3]) > 1e-9 || !(t[0] < t[1])) throw new Error();
 * ```
 */
export function normalQuantileTable(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = inverseNormalCdf((k + 0.5) / n);
  return out;
}

// Coefficients of Acklam's approximation (hoisted: the function runs once per drawn order).
const A = Float64Array.of(
  -39.69683028665376,
  220.9460984245205,
  -275.9285104469687,
  138.357751867269,
  -30.66479806614716,
  2.506628277459239,
);
const B = Float64Array.of(
  -54.47609879822406,
  161.5858368580409,
  -155.6989798598866,
  66.80131188771972,
  -13.28068155288572,
);
const C = Float64Array.of(
  -0.007784894002430293,
  -0.3223964580411365,
  -2.400758277161838,
  -2.549732539343734,
  4.374664141464968,
  2.938163982698783,
);
const D = Float64Array.of(
  0.007784695709041462,
  0.3224671290700398,
  2.445134137142996,
  3.754408661907416,
);

/**
 * The inverse of the standard normal distribution function (Acklam's
 * rational approximation, relative error below 1.2e-9).
 *
 * @example
 * ```ts
 * import { inverseNormalCdf } from "./random.ts";
 * const z = inverseNormalCdf(0.975);
 * if (Math.abs(z - 1.959964) > 1e-5) throw new Error(String(z));
 * ```
 */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new RangeError(`p: expected a probability in (0, 1), got ${p}`);
  }
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * The standard normal distribution function Φ(x) (erfc via Abramowitz and
 * Stegun 7.1.26 refined by W. J. Cody's rational form; absolute error < 1e-7).
 *
 * @example
 * ```ts
 * import { normalCdf } from "./random.ts";
 * if (Math.abs(normalCdf(1.959964) - 0.975) > 1e-6) throw new Error();
 * ```
 */
export function normalCdf(x: number): number {
  // Zelen & Severo (A&S 26.2.17), |error| < 7.5e-8.
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly = t *
    (0.319381530 +
      t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = 0.3989422804014327 * Math.exp(-0.5 * x * x) * poly;
  return x >= 0 ? 1 - tail : tail;
}
