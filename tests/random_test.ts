import assert from "node:assert/strict";
import fc from "fast-check";
import {
  bitsAt,
  inverseNormalCdf,
  mix32,
  normalCdf,
  normalQuantileTable,
  Random,
  uniformAt,
} from "../lib/sim/random.ts";
import { moments, near } from "./_helpers.ts";

// ---------------------------------------------------------------------------
// Independent references.

const MASK = 0xffffffffn;

/** Wellons' lowbias32, written with BigInt (no Math.imul, no 32-bit tricks). */
function lowbias32Ref(x: number): number {
  let h = BigInt(x) & MASK;
  h ^= h >> 16n;
  h = (h * 0x21f0aaadn) & MASK;
  h ^= h >> 15n;
  h = (h * 0x735a2d97n) & MASK;
  h ^= h >> 15n;
  return Number(h);
}

/** The documented draw: lowbias32(lowbias32(i xor k0) + k1 mod 2^32), i < 2^32. */
function bitsRef(k0: number, k1: number, i: number): number {
  const inner = lowbias32Ref(Number((BigInt(i) ^ BigInt(k0)) & MASK));
  return lowbias32Ref(Number((BigInt(inner) + BigInt(k1)) & MASK));
}

/**
 * Φ(x) by its Taylor series `1/2 + φ(x) Σ x^(2n+1) / (1·3·…·(2n+1))`,
 * accurate to ~1e-15 absolute for |x| <= 6: a brute-force reference for the
 * library's rational approximations.
 */
function phiSeries(x: number): number {
  let term = x;
  let s = x;
  for (let n = 1; n < 400; n++) {
    term *= x * x / (2 * n + 1);
    s += term;
    if (Math.abs(term) < 1e-18 * Math.abs(s)) break;
  }
  return 0.5 + Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * s;
}

const density = (z: number) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);

// Standard errors: n draws, 5 standard errors (a deterministic suite: the
// tolerance is a property of the estimator, not tuned to the seed).
const N = 200_000;
const Z = 5;

// ---------------------------------------------------------------------------
// The hash and the draws.

Deno.test("mix32 equals an independent BigInt lowbias32, and mix32(0) = 0", () => {
  assert.equal(mix32(0), 0); // every step of lowbias32 maps 0 to 0
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (x) => {
      assert.equal(mix32(x), lowbias32Ref(x));
    }),
    { numRuns: 500 },
  );
});

Deno.test("bitsAt/uniformAt follow the documented construction, u = (bits + 1/2) / 2^32", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      (k0, k1, i) => {
        const b = bitsRef(k0, k1, i);
        assert.equal(bitsAt(k0, k1, i), b);
        assert.equal(uniformAt(k0, k1, i), (b + 0.5) / 4294967296);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("property: uniformAt lies strictly inside (0, 1) for any keys and counter", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.maxSafeNat(),
      (k0, k1, i) => {
        const u = uniformAt(k0, k1, i);
        assert.ok(u > 0 && u < 1, `uniformAt(${k0}, ${k1}, ${i}) = ${u}`);
        assert.ok(Number.isFinite(Math.log(u)) && Number.isFinite(Math.log(1 - u)));
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("determinism: same seed, stream and counter give identical bits", () => {
  for (const seed of [0, 1, 42, 2 ** 32 + 7, -5, Number.MAX_SAFE_INTEGER]) {
    const a = new Random(seed).stream("flow.side", 3, "x");
    const b = new Random(seed).stream("flow.side", 3, "x");
    assert.equal(a.k0, b.k0);
    assert.equal(a.k1, b.k1);
    for (let i = 0; i < 1000; i++) {
      assert.ok(Object.is(a.uniform(i), b.uniform(i)));
      assert.ok(Object.is(a.normal(i), b.normal(i)));
    }
  }
});

Deno.test("Random: seeds below 2^32 are kept as is; larger seeds and non-integers", () => {
  // mix32(0) = 0, so the high part of a seed below 2^32 contributes nothing.
  assert.equal(new Random(0).seed, 0);
  assert.equal(new Random(12345).seed, 12345);
  assert.equal(new Random(0xffffffff).seed, 0xffffffff);
  // 2^32 has low part 0 and high part 1: its seed is mix32(1), not 0.
  assert.equal(new Random(2 ** 32).seed, lowbias32Ref(1));
  assert.notEqual(new Random(2 ** 32).seed, new Random(0).seed);
  assert.throws(
    () => new Random(1.5),
    (e: Error) => e instanceof RangeError && /seed/.test(e.message),
  );
  assert.throws(() => new Random(NaN), RangeError);
});

Deno.test("streams: parts are children, names are recorded, fillUniform matches uniform", () => {
  const rng = new Random(9);
  const viaParts = rng.stream("market.mid", 2, 17);
  const viaChildren = rng.stream("market.mid").child(2).child(17);
  assert.equal(viaParts.k0, viaChildren.k0);
  assert.equal(viaParts.k1, viaChildren.k1);
  assert.equal(viaParts.name, "market.mid/2/17");
  const out = rng.stream("z").fillUniform(new Float64Array(50), 1000);
  for (let i = 0; i < 50; i++) assert.equal(out[i], rng.stream("z").uniform(1000 + i));
});

Deno.test("a stream's hashes over distinct counters are distinct (lowbias32 is a bijection)", () => {
  const s = new Random(3).stream("unique");
  const seen = new Set<number>();
  for (let i = 0; i < N; i++) seen.add(bitsAt(s.k0, s.k1, i));
  assert.equal(seen.size, N);
});

// ---------------------------------------------------------------------------
// Independence of named streams.

/** Sample correlation of two equally long arrays. */
function correlation(a: Float64Array, b: Float64Array): number {
  const ma = moments(a), mb = moments(b);
  let c = 0;
  for (let i = 0; i < a.length; i++) c += (a[i] - ma.mean) * (b[i] - mb.mean);
  return c / a.length / Math.sqrt(ma.variance * mb.variance);
}

Deno.test("independence: different names, seeds and parts give different, uncorrelated draws", () => {
  const draw = (s: { uniform(i: number): number }) =>
    Float64Array.from({ length: N }, (_, i) => s.uniform(i));
  const base = draw(new Random(1).stream("flow.side"));
  const others = [
    draw(new Random(1).stream("flow.size")),
    draw(new Random(2).stream("flow.side")),
    draw(new Random(1).stream("flow.side", 1)),
    draw(new Random(1).stream("flow.side").child("a")),
  ];
  // Under independence the sample correlation has standard error 1/sqrt(n).
  const se = 1 / Math.sqrt(N);
  for (const o of others) {
    let same = 0;
    for (let i = 0; i < N; i++) if (o[i] === base[i]) same++;
    // Two independent 32-bit draws coincide with probability 2^-32.
    assert.ok(same <= 2, `${same} identical draws`);
    const r = correlation(base, o);
    assert.ok(Math.abs(r) < Z * se, `correlation ${r} exceeds ${Z} standard errors`);
  }
  // Lag-1 autocorrelation within a stream, same standard error.
  const lag = correlation(base.subarray(0, N - 1), base.subarray(1));
  assert.ok(Math.abs(lag) < Z * se, `lag-1 autocorrelation ${lag}`);
});

Deno.test("independence: adding a stream does not change another stream's draws", () => {
  const alone = new Random(77);
  const a1 = Array.from({ length: 100 }, (_, i) => alone.stream("venue.A").uniform(i));
  const crowded = new Random(77);
  // Create and consume other streams (a new venue, a new component) first.
  for (const name of ["venue.B", "venue.C", "exec.new", "venue.A/extra"]) {
    const s = crowded.stream(name);
    for (let i = 0; i < 100; i++) s.uniform(i);
  }
  const a2 = Array.from({ length: 100 }, (_, i) => crowded.stream("venue.A").uniform(i));
  assert.deepEqual(a2, a1);
});

// ---------------------------------------------------------------------------
// Moments, with tolerances from the standard errors.

Deno.test("uniforms: mean, variance and a 100-bin chi-square match U(0, 1)", () => {
  const s = new Random(2024).stream("moments.uniform");
  const u = s.fillUniform(new Float64Array(N));
  const { mean, variance } = moments(u);
  // Var(U) = 1/12; Var((U - 1/2)^2) = 1/80 - 1/144 = 1/180.
  near(mean, 0.5, Z * Math.sqrt(1 / 12 / N), "uniform mean");
  near(variance, 1 / 12, Z * Math.sqrt(1 / 180 / N), "uniform variance");
  const bins = new Float64Array(100);
  for (const x of u) bins[Math.floor(x * 100)]++;
  const expected = N / 100;
  let chi2 = 0;
  for (const c of bins) chi2 += (c - expected) ** 2 / expected;
  // Chi-square with 99 degrees of freedom: mean 99, standard deviation sqrt(198).
  assert.ok(Math.abs(chi2 - 99) < Z * Math.sqrt(2 * 99), `chi-square ${chi2}`);
});

Deno.test("normals: mean, variance, skewness, kurtosis and the 5% tails match N(0, 1)", () => {
  const s = new Random(2025).stream("moments.normal");
  const z = Float64Array.from({ length: N }, (_, i) => s.normal(i));
  const { mean, variance } = moments(z);
  let m3 = 0, m4 = 0, tails = 0;
  for (const x of z) {
    m3 += x ** 3;
    m4 += x ** 4;
    if (Math.abs(x) > 1.959963984540054) tails++;
  }
  m3 /= N;
  m4 /= N;
  // Standard errors: Var(Z) = 1, Var(Z^2) = 2, Var(Z^3) = 15, Var(Z^4) = 105 - 9 = 96.
  near(mean, 0, Z * Math.sqrt(1 / N), "normal mean");
  near(variance, 1, Z * Math.sqrt(2 / N), "normal variance");
  near(m3, 0, Z * Math.sqrt(15 / N), "normal third moment");
  near(m4, 3, Z * Math.sqrt(96 / N), "normal fourth moment");
  near(tails / N, 0.05, Z * Math.sqrt(0.05 * 0.95 / N), "share beyond ±1.96");
});

// ---------------------------------------------------------------------------
// Normal distribution function and its inverse.

Deno.test("inverseNormalCdf at known quantiles (Acklam: relative error < 1.15e-9)", () => {
  const known: [number, number][] = [
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.025, -1.959963984540054],
    [0.8413447460685429, 1],
    [0.99, 2.3263478740408408],
    [0.01, -2.3263478740408408],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
  ];
  for (const [p, z] of known) {
    near(inverseNormalCdf(p), z, 1.2e-9 * Math.abs(z) + 1e-15, `inverseNormalCdf(${p})`);
  }
  for (const bad of [0, 1, -0.1, 1.1, NaN]) {
    assert.throws(
      () => inverseNormalCdf(bad),
      (e: Error) => e instanceof RangeError && e.message.startsWith("p:"),
    );
  }
});

Deno.test("normalCdf at known values (Zelen & Severo: absolute error < 7.5e-8)", () => {
  const known: [number, number][] = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.959963984540054, 0.975],
    [-1.96, 0.024997895148220435],
    [3, 0.9986501019683699],
    [-3, 0.0013498980316301],
  ];
  for (const [x, p] of known) near(normalCdf(x), p, 7.5e-8, `normalCdf(${x})`);
});

Deno.test("property: normalCdf is within 7.5e-8 of a brute-force series on [-6, 6]", () => {
  fc.assert(
    fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
      near(normalCdf(x), phiSeries(x), 7.5e-8, `normalCdf(${x})`);
    }),
    { numRuns: 500 },
  );
});

Deno.test("property: normalCdf(inverseNormalCdf(p)) ≈ p", () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
      const z = inverseNormalCdf(p);
      // Error of Φ (7.5e-8) plus the quantile's relative error carried through φ.
      near(normalCdf(z), p, 7.5e-8 + density(z) * 1.2e-9 * Math.abs(z), `p = ${p}`);
    }),
    { numRuns: 500 },
  );
});

Deno.test("property: inverseNormalCdf is accurate against the series, odd and non-decreasing", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      (p, q) => {
        const z = inverseNormalCdf(p);
        // Φ(z) - p ≈ φ(z) × (error of z) with |error of z| < 1.15e-9 |z|.
        near(phiSeries(z), p, density(z) * 1.2e-9 * Math.abs(z) + 1e-14, `p = ${p}`);
        near(inverseNormalCdf(1 - p), -z, 1e-8 * (1 + Math.abs(z)), "symmetry");
        // Non-decreasing up to rounding (adjacent doubles may swap by an ulp).
        if (p < q) assert.ok(z <= inverseNormalCdf(q) + 1e-13, `not monotone at ${p} < ${q}`);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("normalQuantileTable holds the bin-midpoint quantiles, symmetric about 0", () => {
  const t = normalQuantileTable(8);
  assert.equal(t.length, 8);
  for (let k = 0; k < 8; k++) {
    near(phiSeries(t[k]), (k + 0.5) / 8, 1e-9, `bin ${k}`);
    near(t[k], -t[7 - k], 1e-8, `symmetry of bin ${k}`);
  }
});
