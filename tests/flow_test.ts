import assert from "node:assert/strict";
import fc from "fast-check";
import {
  allocateOrders,
  type FlowParams,
  generateOrders,
  type Orders,
  parseFlow,
  sizeBucket,
} from "../lib/flow.ts";
import { buildUniverse } from "../lib/securities.ts";
import { Random } from "../lib/random.ts";
import { defaultScenario } from "../lib/scenario.ts";
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

Deno.test("sizes lie in 1..10000, inside their configured bucket, with the configured shares", () => {
  const inBucket = new Float64Array(flow.sizeMix.length);
  const roundLots = new Float64Array(flow.sizeMix.length);
  for (let i = 0; i < N; i++) {
    const s = day.size[i];
    assert.ok(Number.isInteger(s) && s >= 1 && s <= 10000, `size ${s}`);
    const b = flow.sizeMix.findIndex((bk) => s >= bk.min && s <= bk.max);
    assert.ok(b >= 0, `size ${s} is in no configured bucket`);
    inBucket[b]++;
    if (s % 100 === 0) roundLots[b]++;
  }
  flow.sizeMix.forEach((bk, b) => {
    shareWithin(inBucket[b] / N, bk.share, N, `bucket ${bk.min}-${bk.max}`);
    // A round lot is drawn with roundLotShare; otherwise the uniform draw may
    // still land on a multiple of 100 (multiples in [min, max] / width).
    const width = bk.max - bk.min + 1;
    const multiples = Math.floor(bk.max / 100) - Math.floor((bk.min - 1) / 100);
    const p = bk.roundLotShare + (1 - bk.roundLotShare) * multiples / width;
    if (p > 0) shareWithin(roundLots[b] / inBucket[b], p, inBucket[b], `round lots ${bk.min}+`);
    else assert.equal(roundLots[b], 0);
  });
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
    if (day.type[i] !== 2) {
      marketable++;
      informed += day.informed[i];
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

Deno.test({
  // Regression: a round lot must stay inside its bucket; a bucket that holds no
  // multiple of 100 (here 150-199, roundLotShare 1) keeps its uniform sizes.
  name: "round lots stay inside their configured bucket",
  fn() {
    const f: FlowParams = parseFlow({
      ...flow,
      sizeMix: [{ min: 150, max: 199, share: 1, roundLotShare: 1 }],
    });
    const o = generateOrders(f, universe, random, 1000);
    for (let i = 0; i < o.count; i++) {
      assert.ok(o.size[i] >= 150 && o.size[i] <= 199, `order ${i} has size ${o.size[i]}`);
    }
  },
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
  rejects({ ...flow, informedImpactBps: NaN }, "informedImpactBps");
  rejects({ ...flow, limitLifeMeanSeconds: 0 }, "limitLifeMeanSeconds");
  rejects({ ...flow, typeMix: { ...flow.typeMix, market: 0.9 } }, "typeMix");
  const negative = structuredClone(flow);
  negative.sizeMix[0].min = -5;
  rejects(negative, "sizeMix.0.min");
  const inverted = structuredClone(flow);
  inverted.sizeMix[2].max = inverted.sizeMix[2].min - 1;
  rejects(inverted, "sizeMix.2.max");
  const nanShare = structuredClone(flow);
  nanShare.sizeMix[1].share = NaN;
  rejects(nanShare, "sizeMix.1.share");
  const unbalanced = structuredClone(flow);
  unbalanced.sizeMix[0].share = 0.9;
  rejects(unbalanced, "sizeMix");
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
