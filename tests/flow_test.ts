import assert from "node:assert/strict";
import fc from "fast-check";
import {
  allocateOrders,
  generateOrders,
  MAX_ORDER_SHARES,
  type Orders,
  parseFlow,
  sizeBucket,
} from "../lib/sim/flow.ts";
import { buildUniverse, type Universe } from "../lib/sim/securities.ts";
import { Random } from "../lib/sim/random.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { moments, near, shareWithin } from "./_helpers.ts";

const scenario = defaultScenario();
const flow = scenario.flow;
const random = new Random(5);
const universe = buildUniverse(scenario.universe, random);
const T = universe.sessionSeconds;

// A large day for the distribution tests.
const N = 100_000;
const day = generateOrders(flow, universe, random, N);

const COLUMNS = [
  "time",
  "security",
  "side",
  "size",
  "type",
  "limitOffsetTicks",
  "life",
  "informed",
] as const;

/** Asserts that `part` is orders `first .. first + count - 1` of `whole`, column by column. */
function assertSlice(part: Orders, whole: Orders, first: number, count: number): void {
  assert.equal(part.first, first);
  assert.equal(part.count, count);
  for (const c of COLUMNS) {
    const want = whole[c].subarray(first, first + count);
    assert.equal(part[c].length, count, c);
    let bad = -1;
    for (let n = 0; n < count && bad < 0; n++) if (!Object.is(part[c][n], want[n])) bad = n;
    assert.equal(bad, -1, `${c}[${first + bad}]: ${part[c][bad]} vs ${want[bad]}`);
  }
}

// ---------------------------------------------------------------------------
// Chunk invariance and determinism.

Deno.test("property: generating a range equals the slice of the whole day", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 3 }),
      (total, a, b, replication) => {
        const whole = generateOrders(flow, universe, random, total, replication);
        const first = Math.floor(a * total);
        const count = Math.floor(b * (total - first));
        const part = generateOrders(flow, universe, random, total, replication, { first, count });
        assertSlice(part, whole, first, count);
      },
    ),
    { numRuns: 40 },
  );
});

Deno.test("chunks that tile the day reproduce it exactly", () => {
  // Single orders alone, for a sample of indices across all securities.
  for (let i = 0; i < N; i += 9973) {
    assertSlice(generateOrders(flow, universe, random, N, 0, { first: i, count: 1 }), day, i, 1);
  }
  // Chunks of several sizes tiling a stretch of the day (and the whole day).
  for (const [chunk, end] of [[7, 300], [999, 10_000], [33_333, N], [N, N]]) {
    for (let first = 0; first < end; first += chunk) {
      const count = Math.min(chunk, end - first);
      assertSlice(
        generateOrders(flow, universe, random, N, 0, { first, count }),
        day,
        first,
        count,
      );
    }
  }
});

Deno.test("determinism: same seed gives identical orders; a new replication differs", () => {
  const again = generateOrders(flow, universe, new Random(5), 2000);
  assertSlice(again, generateOrders(flow, universe, random, 2000), 0, 2000);
  const other = generateOrders(flow, universe, random, 2000, 1);
  let same = 0;
  for (let i = 0; i < 2000; i++) if (other.time[i] === again.time[i]) same++;
  assert.equal(same, 0, "replication 1 repeats arrival times of replication 0");
});

// ---------------------------------------------------------------------------
// Allocation of orders to securities.

Deno.test("allocateOrders: the documented example and largest remainders by hand", () => {
  // Exact shares 5, 2.5, 2.5: floors 5, 2, 2 leave one order; the tie goes to the lower index.
  assert.deepEqual([...allocateOrders(Float64Array.from([0.5, 0.75, 1]), 10)], [0, 5, 8, 10]);
  // Exact 3.3, 3.3, 3.4: floors 3, 3, 3; the one left goes to the largest remainder (0.4).
  assert.deepEqual([...allocateOrders(Float64Array.from([0.33, 0.66, 1]), 10)], [0, 3, 6, 10]);
  assert.deepEqual([...allocateOrders(Float64Array.from([0.2, 1]), 0)], [0, 0, 0]);
});

Deno.test("property: allocateOrders gives every security floor or ceil of its exact share", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 100_000 }),
      (weights, total) => {
        const w = weights.map((x) => x + 1e-3);
        const sumW = w.reduce((s, x) => s + x, 0);
        let c = 0;
        const cdf = Float64Array.from(w, (x) => (c += x) / sumW);
        cdf[cdf.length - 1] = 1;
        const starts = allocateOrders(cdf, total);
        assert.equal(starts[0], 0);
        assert.equal(starts[cdf.length], total);
        const frac: number[] = [];
        for (let k = 0; k < cdf.length; k++) {
          const exact = total * (cdf[k] - (k > 0 ? cdf[k - 1] : 0));
          const n = starts[k + 1] - starts[k];
          assert.ok(
            n === Math.floor(exact) || n === Math.floor(exact) + 1,
            `count ${n} for ${exact}`,
          );
          frac.push(exact - Math.floor(exact));
        }
        // Every security rounded up has a remainder at least as large as any rounded down.
        const up = (k: number) =>
          starts[k + 1] - starts[k] >
            Math.floor(total * (cdf[k] - (k > 0 ? cdf[k - 1] : 0)));
        for (let k = 0; k < cdf.length; k++) {
          if (!up(k)) continue;
          for (let l = 0; l < cdf.length; l++) {
            if (!up(l)) assert.ok(frac[k] >= frac[l] - 1e-9, `${k} rounded up before ${l}`);
          }
        }
      },
    ),
    { numRuns: 50 },
  );
});

Deno.test("orders per security follow allocateOrders, grouped by security", () => {
  const starts = allocateOrders(universe.flowCdf, N);
  const counts = new Float64Array(universe.count);
  for (let i = 0; i < N; i++) {
    counts[day.security[i]]++;
    if (i > 0) assert.ok(day.security[i] >= day.security[i - 1], `security order broken at ${i}`);
  }
  for (let k = 0; k < universe.count; k++) {
    assert.equal(counts[k], starts[k + 1] - starts[k], `security ${k}`);
  }
});

// ---------------------------------------------------------------------------
// Arrival times.

/** The intraday arrival distribution of the model: uniform mixed with the arcsine law. */
const arrivalCdf = (x: number) =>
  (1 - flow.uShapeShare) * x + flow.uShapeShare * (2 / Math.PI) * Math.asin(Math.sqrt(x));

Deno.test("arrival times lie in [0, session], sorted and stratified within each security", () => {
  const starts = allocateOrders(universe.flowCdf, N);
  for (let i = 0; i < N; i++) {
    const t = day.time[i];
    assert.ok(t >= 0 && t <= T, `time ${t}`);
    const k = day.security[i];
    if (i > starts[k]) assert.ok(t >= day.time[i - 1], `times not sorted at ${i}`);
    // The j-th of n orders arrives between the j/n and (j+1)/n quantiles; the
    // inverse is tabulated on 4096 points and interpolated, so the arrival's
    // probability may be off by at most one table cell.
    const n = starts[k + 1] - starts[k];
    const j = i - starts[k];
    const p = arrivalCdf(t / T);
    const cell = 1 / 4096 + 1e-12;
    assert.ok(p >= j / n - cell && p <= (j + 1) / n + cell, `order ${i}: p ${p}, j ${j}, n ${n}`);
  }
});

Deno.test("arrivals are U-shaped: the first and last 10% of the session hold 2 F(0.1) of orders", () => {
  let edge = 0;
  for (let i = 0; i < N; i++) if (day.time[i] < 0.1 * T || day.time[i] > 0.9 * T) edge++;
  // F is symmetric (F(1 - x) = 1 - F(x)); stratified sampling has at most the binomial variance.
  shareWithin(edge / N, 2 * arrivalCdf(0.1), N, "arrivals in the first and last 10%");
});

// ---------------------------------------------------------------------------
// Sizes, types, sides, limits and information.

/** A universe of one security priced `price` (the tier's bounds and median all at it). */
function pricedAt(price: number): Universe {
  const tier = scenario.universe.tiers[0];
  return buildUniverse({
    ...scenario.universe,
    tiers: [{
      ...tier,
      securities: 1,
      flowShare: 1,
      priceMin: price,
      priceMax: price,
      priceMedian: price,
      priceLogSd: 0,
    }],
  }, new Random(1));
}

Deno.test("sizes are whole shares of a dollar notional: shares = notional / price, at least one", () => {
  for (let i = 0; i < N; i++) {
    const s = day.size[i];
    assert.ok(Number.isInteger(s) && s >= 1 && s <= MAX_ORDER_SHARES, `size ${s}`);
    // Rounding to whole shares moves the notional by at most half a share, unless the
    // order was rounded up to one share or cut at the largest notional.
    const price = universe.price[day.security[i]];
    assert.ok(s * price <= flow.notional.max + price / 2 || s === 1, `order ${i}: ${s} x ${price}`);
  }
  // By hand, with no dispersion (logSd 0: every notional is the median, $2,000):
  // $2,000 buys 400 shares of a $5 stock, 5 of a $400 one, 1 of a $3,000 one
  // (0.67 rounds to 1) and still 1 of a $9,000 one (at least one share).
  const fixed = parseFlow({ ...flow, notional: { median: 2000, logSd: 0, max: 250_000 } });
  for (const [price, shares] of [[5, 400], [400, 5], [3000, 1], [9000, 1], [0.37, 5405]]) {
    const o = generateOrders(fixed, pricedAt(price), random, 50);
    assert.ok(o.size.every((x) => x === shares), `$${price}: ${o.size[0]}, not ${shares}`);
  }
});

Deno.test("property: with no dispersion an order is round(notional / price) shares, at least one", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1, max: 50_000, noNaN: true }),
      fc.double({ min: 0.01, max: 5000, noNaN: true }),
      (median, rawPrice) => {
        const u = pricedAt(rawPrice);
        const price = u.price[0]; // rounded to the tick
        const f = parseFlow({ ...flow, notional: { median, logSd: 0, max: 250_000 } });
        const o = generateOrders(f, u, random, 20);
        const want = Math.max(1, Math.min(MAX_ORDER_SHARES, Math.round(median / price)));
        for (let i = 0; i < o.count; i++) {
          assert.equal(o.size[i], want, `$${median} at $${price}`);
          if (want > 1 && want < MAX_ORDER_SHARES) {
            assert.ok(Math.abs(o.size[i] * price - median) <= price / 2 + 1e-9);
          }
        }
      },
    ),
    { numRuns: 60 },
  );
});

Deno.test("notionals are log-normal around the median, cut at the largest notional", () => {
  // At $1 a share, shares = notional to the nearest dollar: the quantiles of the
  // log-normal show directly. Median $2,000, log-sd 1, cut at $5,000.
  const f = parseFlow({ ...flow, notional: { median: 2000, logSd: 1, max: 5000 } });
  const n = 40_000;
  const o = generateOrders(f, pricedAt(1), random, n);
  let belowMedian = 0, belowLow = 0, atMax = 0;
  for (let i = 0; i < n; i++) {
    const s = o.size[i];
    assert.ok(s <= 5000, `order ${i}: ${s} shares above the $5,000 cut`);
    if (s <= 2000) belowMedian++;
    if (s <= 2000 * Math.exp(-1)) belowLow++; // below median x e^-1: Phi(-1)
    if (s === 5000) atMax++;
  }
  shareWithin(belowMedian / n, 0.5, n, "orders at or below the median");
  shareWithin(belowLow / n, 0.158655, n, "orders below one log-sd under the median");
  // P(notional >= 5000) = 1 - Phi(ln(2.5)) = 1 - Phi(0.916291) = 0.179757.
  shareWithin(atMax / n, 0.179757, n, "orders cut to the largest notional");
});

Deno.test("sizeBucket follows the Rule 605 buckets at their edges", () => {
  const cases: [number, number][] = [
    [1, 0],
    [99, 0],
    [100, 1],
    [499, 1],
    [500, 2],
    [1999, 2],
    [2000, 3],
    [4999, 3],
    [5000, 4],
    [9999, 4],
    [10000, 5],
  ];
  for (const [size, bucket] of cases) assert.equal(sizeBucket(size), bucket, `size ${size}`);
});

Deno.test("order types, sides and informed orders follow the configured shares", () => {
  const types = new Float64Array(3);
  let buys = 0, informed = 0, marketable = 0;
  for (let i = 0; i < N; i++) {
    types[day.type[i]]++;
    if (day.side[i] === 1) buys++;
    else assert.equal(day.side[i], -1);
    assert.ok(day.informed[i] >= 0, `order ${i}: information ${day.informed[i]}`);
    if (day.type[i] !== 2) {
      marketable++;
      if (day.informed[i] > 0) informed++;
    } else {
      assert.equal(day.informed[i], 0, `non-marketable order ${i} is informed`);
    }
  }
  shareWithin(types[0] / N, flow.typeMix.market, N, "market orders");
  shareWithin(types[1] / N, flow.typeMix.marketableLimit, N, "marketable limits");
  shareWithin(types[2] / N, flow.typeMix.nonMarketableLimit, N, "non-marketable limits");
  shareWithin(buys / N, flow.buyShare, N, "buys");
  shareWithin(informed / marketable, flow.informedShare, marketable, "informed among marketable");
});

Deno.test("an informed order's information is exponential with its tier's mean, in half-spreads", () => {
  const byTier = scenario.universe.tiers.map(() => [] as number[]);
  for (let i = 0; i < N; i++) {
    if (day.informed[i] > 0) byTier[universe.tier[day.security[i]]].push(day.informed[i]);
  }
  scenario.universe.tiers.forEach((t, ti) => {
    const xs = byTier[ti];
    assert.ok(xs.length > 200, `${t.tier}: only ${xs.length} informed orders`);
    // Exponential with mean mu: standard deviation mu, P(X > mu) = e^-1.
    const mu = t.informedImpactHalfSpreads;
    near(moments(xs).mean, mu, 5 * mu / Math.sqrt(xs.length), `${t.tier}: mean information`);
    const above = xs.filter((x) => x > mu).length / xs.length;
    shareWithin(above, Math.exp(-1), xs.length, `${t.tier}: informed orders beyond the mean`);
  });
});

Deno.test("limit offsets and lives follow their laws by order type", () => {
  const slack: number[] = [];
  const offset: number[] = [];
  const life: number[] = [];
  for (let i = 0; i < N; i++) {
    const type = day.type[i];
    if (type === 0) {
      assert.equal(day.limitOffsetTicks[i], 0);
      assert.equal(day.life[i], 0);
    } else if (type === 1) {
      assert.ok(day.limitOffsetTicks[i] <= flow.marketableLimitSlackTicks);
      assert.equal(day.life[i], 0);
      slack.push(day.limitOffsetTicks[i]);
    } else {
      assert.ok(day.life[i] > 0);
      offset.push(day.limitOffsetTicks[i]);
      life.push(day.life[i]);
    }
  }
  // Uniform on 0..S: mean S/2, variance ((S+1)^2 - 1)/12.
  const S = flow.marketableLimitSlackTicks;
  near(moments(slack).mean, S / 2, 5 * Math.sqrt(((S + 1) ** 2 - 1) / 12 / slack.length), "slack");
  // Geometric with mean m: q = m/(1+m), variance q/(1-q)^2.
  const m = flow.limitOffsetTicksMean;
  const q = m / (1 + m);
  near(moments(offset).mean, m, 5 * Math.sqrt(q / (1 - q) ** 2 / offset.length), "offset");
  near(
    moments(offset.map((k) => (k === 0 ? 1 : 0))).mean,
    1 - q,
    5 * Math.sqrt(q * (1 - q) / offset.length),
    "P(offset 0)",
  );
  // Exponential with mean L: standard deviation L.
  const L = flow.limitLifeMeanSeconds;
  near(moments(life).mean, L, 5 * L / Math.sqrt(life.length), "life");
});

// ---------------------------------------------------------------------------
// Validation.

/** Asserts that parsing `value` fails with a message naming `source: field`. */
function rejects(value: unknown, field: string): void {
  assert.throws(
    () => parseFlow(value, "flow.json"),
    (e: Error) => {
      assert.equal(e.name, "ValidationError");
      assert.ok(e.message.includes(`flow.json: ${field}`), `message: ${e.message}`);
      return true;
    },
  );
}

Deno.test("parseFlow rejects bad values with messages naming the field", () => {
  rejects({ ...flow, informedShare: 1.5 }, "informedShare");
  rejects({ ...flow, buyShare: NaN }, "buyShare");
  rejects({ ...flow, limitLifeMeanSeconds: 0 }, "limitLifeMeanSeconds");
  rejects({ ...flow, typeMix: { ...flow.typeMix, market: 0.9 } }, "typeMix");
  rejects({ ...flow, notional: { ...flow.notional, median: 0 } }, "notional.median");
  rejects({ ...flow, notional: { ...flow.notional, median: NaN } }, "notional.median");
  rejects({ ...flow, notional: { ...flow.notional, logSd: -1 } }, "notional.logSd");
  rejects({ ...flow, notional: { ...flow.notional, max: -5 } }, "notional.max");
  // The retired size buckets and impact in basis points are refused by name.
  rejects(
    { ...flow, sizeMix: [{ min: 1, max: 99, share: 1, roundLotShare: 0 }] },
    'sizeMix: unknown key "sizeMix"',
  );
  rejects({ ...flow, informedImpactBps: 4 }, 'informedImpactBps: unknown key "informedImpactBps"');
  // The largest notional defaults to $250,000.
  const { max: _max, ...noMax } = flow.notional;
  assert.equal(parseFlow({ ...flow, notional: noMax }).notional.max, 250_000);
  // And the default parameters are accepted as they are.
  assert.deepEqual(parseFlow(flow), flow);
});

Deno.test("generateOrders rejects bad totals and ranges", () => {
  assert.throws(() => generateOrders(flow, universe, random, -1), /^RangeError: orders/);
  assert.throws(() => generateOrders(flow, universe, random, 2.5), /^RangeError: orders/);
  assert.throws(
    () => generateOrders(flow, universe, random, 10, 0, { first: 8, count: 3 }),
    /^RangeError: range: orders 8\.\.11 are not within 0\.\.10/,
  );
  assert.throws(
    () => generateOrders(flow, universe, random, 10, 0, { first: -1, count: 1 }),
    /^RangeError: range/,
  );
  assert.equal(generateOrders(flow, universe, random, 0).count, 0);
});
