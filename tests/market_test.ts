import assert from "node:assert/strict";
import fc from "fast-check";
import {
  BLOCK_SECONDS,
  firstReach,
  type Market,
  pathIndex,
  simulateMarket,
  withBlockExtremes,
} from "../lib/sim/market.ts";
import { buildUniverse, TIERS, type Universe } from "../lib/sim/securities.ts";
import { Random } from "../lib/sim/random.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { smallScenario } from "./_helpers.ts";

// One default-scenario day, built once for the whole file.
const scenario = defaultScenario();
const random = new Random(1);
const universe = buildUniverse(scenario.universe, random);
const market = simulateMarket(universe, random);
const tick = universe.tickSize;

/** Bid and ask of security `k` at second `t`, in ticks (rounded to the integer grid). */
function quoteTicks(m: Market, k: number, t: number): { bid: number; ask: number } {
  const j = k * m.steps + t;
  const half = m.spreadTicks[j] / 2;
  return {
    bid: Math.round(m.mid[j] / m.universe.tickSize - half),
    ask: Math.round(m.mid[j] / m.universe.tickSize + half),
  };
}

/** True when two typed arrays hold the same bytes. */
function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

Deno.test("shape: one point a second for every security, blocks of 64 seconds", () => {
  assert.equal(market.steps, universe.sessionSeconds + 1);
  assert.equal(market.mid.length, universe.count * market.steps);
  assert.equal(market.spreadTicks.length, universe.count * market.steps);
  assert.equal(market.blocks, Math.ceil(market.steps / BLOCK_SECONDS));
  assert.equal(market.blockMinBid.length, universe.count * market.blocks);
});

Deno.test("quotes are never locked or crossed: spreadTicks >= 1 and ask > bid > 0", () => {
  let bad = -1;
  for (let j = 0; j < market.mid.length && bad < 0; j++) {
    const s = market.spreadTicks[j];
    const bid = market.mid[j] - s * tick / 2;
    const ask = market.mid[j] + s * tick / 2;
    if (!(s >= 1 && s <= 255 && ask > bid && bid > 0)) bad = j;
  }
  assert.equal(bad, -1, `locked, crossed or non-positive quote at index ${bad}`);
});

Deno.test("bid and ask lie on the penny grid (within 1e-9)", () => {
  const off = (p: number) => Math.abs(p - Math.round(p / tick) * tick);
  let bad = -1;
  for (let j = 0; j < market.mid.length && bad < 0; j++) {
    const half = market.spreadTicks[j] * tick / 2;
    if (!(off(market.mid[j] - half) < 1e-9 && off(market.mid[j] + half) < 1e-9)) bad = j;
  }
  assert.equal(bad, -1, `quote off the penny grid at index ${bad}`);
});

Deno.test("the opening midpoint is within half a tick of the opening price", () => {
  // bid = round(price / tick - s / 2) ticks, so |mid - price| <= tick / 2.
  for (let k = 0; k < universe.count; k++) {
    const d = Math.abs(market.mid[k * market.steps] - universe.price[k]);
    assert.ok(d <= tick / 2 + 1e-9, `security ${k}: opening mid off by ${d}`);
  }
});

Deno.test({
  // Regression: the latent price's reflecting floor once sat at $5.10, above the
  // whole low-priced tier, so a $2 stock jumped to $8 one second after the open.
  name: "one second after the open every midpoint is within 8 sigma + a spread",
  fn() {
    for (let k = 0; k < universe.count; k++) {
      const j = k * market.steps;
      const move = Math.abs(market.mid[j + 1] - market.mid[j]);
      const bound = 8 * universe.sigmaPerSecond[k] +
        (market.spreadTicks[j] + market.spreadTicks[j + 1]) * tick;
      assert.ok(
        move <= bound,
        `security ${k} (${TIERS[universe.tier[k]]}, price ${universe.price[k]}): ` +
          `mid ${market.mid[j]} -> ${market.mid[j + 1]} in one second`,
      );
    }
  },
});

Deno.test("60-second midpoint changes of S&P 500 names have variance 60 sigma^2", () => {
  // Observed change = walk increment d (variance v = 60 sigma^2, independent
  // across non-overlapping windows) + rounding r, where the quote rounds the
  // latent price by at most half a tick at each end, so |r| <= tick. Pooled:
  // sqrt(sum obs^2) is within sqrt(sum r^2) <= tick sqrt(n) of sqrt(sum d^2)
  // (triangle inequality), and sum d^2 / sum v has mean 1 and standard error
  // sqrt(2 sum v^2) / sum v.
  let obs = 0, sumV = 0, sumV2 = 0, n = 0;
  for (let k = 0; k < universe.count; k++) {
    if (universe.tier[k] !== 0) continue;
    const v = 60 * universe.sigmaPerSecond[k] ** 2;
    for (let t = 0; t + 60 < market.steps; t += 60) {
      const d = market.mid[k * market.steps + t + 60] - market.mid[k * market.steps + t];
      obs += d * d;
      sumV += v;
      sumV2 += v * v;
      n++;
    }
  }
  const se = Math.sqrt(2 * sumV2) / sumV;
  const rounding = tick * Math.sqrt(n / sumV);
  const rms = Math.sqrt(obs / sumV);
  assert.ok(
    rms >= Math.sqrt(Math.max(0, 1 - 5 * se)) - rounding &&
      rms <= Math.sqrt(1 + 5 * se) + rounding,
    `rms ratio ${rms} over ${n} increments (se ${se}, rounding ${rounding})`,
  );
});

Deno.test("block extremes equal a brute-force min of the bid and max of the ask", () => {
  for (let k = 0; k < universe.count; k++) {
    for (let b = 0; b < market.blocks; b++) {
      let lo = Infinity;
      let hi = -Infinity;
      const end = Math.min(market.steps, (b + 1) * BLOCK_SECONDS);
      for (let t = b * BLOCK_SECONDS; t < end; t++) {
        const q = quoteTicks(market, k, t);
        lo = Math.min(lo, q.bid);
        hi = Math.max(hi, q.ask);
      }
      const i = k * market.blocks + b;
      assert.ok(Math.abs(market.blockMinBid[i] - lo * tick) < 1e-9, `min bid ${k}/${b}`);
      assert.ok(Math.abs(market.blockMaxAsk[i] - hi * tick) < 1e-9, `max ask ${k}/${b}`);
    }
  }
});

/** Brute force: the first second in [from, to] where the quote reaches the limit, or -1. */
function bruteReach(
  m: Market,
  k: number,
  side: number,
  limitTicks: number,
  from: number,
  to: number,
) {
  for (let t = from; t <= Math.min(to, m.steps - 1); t++) {
    const q = quoteTicks(m, k, t);
    if (side > 0 ? q.bid <= limitTicks : q.ask >= limitTicks) return t;
  }
  return -1;
}

Deno.test("property: firstReach equals a brute-force scan of the quotes", () => {
  const steps = market.steps;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: universe.count - 1 }),
      fc.constantFrom(1, -1),
      fc.integer({ min: 0, max: 4000 }), // the limit is anchored on the quote `delay` after `from`
      fc.integer({ min: -5, max: 12 }), // ticks behind that near quote
      fc.constantFrom(0, 0.5), // on the grid or between two ticks
      fc.integer({ min: 0, max: steps - 1 }),
      fc.integer({ min: 0, max: 4000 }),
      (k, side, delay, behind, frac, from, length) => {
        const q = quoteTicks(market, k, Math.min(from + delay, steps - 1));
        const limitTicks = side > 0 ? q.bid - behind - frac : q.ask + behind + frac;
        const to = from + length; // may run past the close
        const got = firstReach(market, k, side, limitTicks * tick, from, to);
        assert.equal(got, bruteReach(market, k, side, limitTicks, from, to));
      },
    ),
    { numRuns: 400 },
  );
});

/** A universe of `count` flat securities (a hand-built world for exact cases). */
function flatUniverse(count: number, sessionSeconds: number): Universe {
  const f = (x: number) => new Float64Array(count).fill(x);
  return {
    tickSize: 0.01,
    sessionSeconds,
    count,
    tier: new Uint8Array(count),
    price: f(10),
    sigmaPerSecond: f(0.01),
    spreadTicks: f(2),
    impactHalfSpreads: f(0),
    spreadVariability: f(0),
    spreadMemorySeconds: f(60),
    depthShares: f(1000),
    levelDepthShares: f(1000),
    flowCdf: Float64Array.from({ length: count }, (_, k) => (k + 1) / count),
  };
}

Deno.test("firstReach on a hand-made path: block skipping, window edges, sells", () => {
  const u = flatUniverse(2, 600);
  const steps = 601;
  const mid = new Float64Array(2 * steps).fill(10); // bid 9.99, ask 10.01
  const spread = new Uint8Array(2 * steps).fill(2);
  mid[130] = 9.9; // security 0: bid 9.89 at second 130 (block 2)
  mid[600] = 9.9; // and at the close (the short last block)
  mid[steps + 70] = 10.1; // security 1: ask 10.11 at second 70
  const m = withBlockExtremes({ universe: u, steps, mid, spreadTicks: spread });
  assert.equal(m.blocks, 10); // ceil(601 / 64)
  assert.ok(Math.abs(m.blockMinBid[2] - 9.89) < 1e-12);
  assert.ok(Math.abs(m.blockMinBid[9] - 9.89) < 1e-12);
  assert.ok(Math.abs(m.blockMaxAsk[m.blocks + 1] - 10.11) < 1e-12);
  // A buy limit at 9.95: reached only at 130, then at the close.
  assert.equal(firstReach(m, 0, 1, 9.95, 0, 600), 130);
  assert.equal(firstReach(m, 0, 1, 9.95, 5, 129), -1);
  assert.equal(firstReach(m, 0, 1, 9.95, 130, 130), 130);
  assert.equal(firstReach(m, 0, 1, 9.95, 131, 10_000), 600); // `to` past the close
  assert.equal(firstReach(m, 0, 1, 9.95, 200, 599), -1);
  assert.equal(firstReach(m, 0, 1, 9.99, 37, 600), 37); // at the bid: reached at once
  assert.equal(firstReach(m, 0, 1, 9.95, 10, 5), -1); // empty window
  // A sell limit at 10.05 on security 1: reached at 70; the path of security 0 is not read.
  assert.equal(firstReach(m, 1, -1, 10.05, 0, 600), 70);
  assert.equal(firstReach(m, 1, -1, 10.11, 71, 600), -1);
  assert.equal(firstReach(m, 0, -1, 10.05, 0, 600), -1);
});

Deno.test("pathIndex clamps times to the session", () => {
  assert.equal(pathIndex(601, 3, -5), 3 * 601);
  assert.equal(pathIndex(601, 3, 12.9), 3 * 601 + 12);
  assert.equal(pathIndex(601, 3, 600.5), 3 * 601 + 600);
  assert.equal(pathIndex(601, 3, 1e9), 3 * 601 + 600);
});

Deno.test("determinism: the same seed gives the same paths bit for bit; others differ", () => {
  const s = smallScenario(1800);
  const day = (seed: number, replication = 0) => {
    const r = new Random(seed);
    return simulateMarket(buildUniverse(s.universe, r), r, replication);
  };
  const a = day(11), b = day(11), c = day(12), d = day(11, 1);
  for (const key of ["mid", "spreadTicks", "blockMinBid", "blockMaxAsk"] as const) {
    assert.ok(sameBits(a[key], b[key]), `${key} differs between two runs of seed 11`);
  }
  assert.ok(!sameBits(a.mid, c.mid), "seeds 11 and 12 give the same midpoints");
  assert.ok(!sameBits(a.mid, d.mid), "replications 0 and 1 give the same midpoints");
});
