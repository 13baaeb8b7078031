import assert from "node:assert/strict";
import {
  deriveMetrics,
  type Dimension,
  METRIC_NAMES,
  MetricsAccumulator,
  type MetricsRow,
  STATS,
} from "../lib/analysis/metrics.ts";
import { buildWorld, runPolicy, simulateChunked, simulateDay } from "../lib/sim/simulate.ts";
import { generateOrders, ORDER_TYPES, SIZE_BUCKETS, sizeBucket } from "../lib/sim/flow.ts";
import { TIERS } from "../lib/sim/securities.ts";
import { execute } from "../lib/sim/execution.ts";
import { buildLedger } from "../lib/sim/ledger.ts";
import { Random } from "../lib/sim/random.ts";
import { close, near, smallScenario } from "./_helpers.ts";
import { routesTo, tinyFlow, tinyMarket, tinyOrders, tinyVenues, V } from "./_tiny.ts";

const scenario = smallScenario(1800);
const N = 6000;
const day = simulateDay(scenario, { kind: "balanced", paymentWeight: 0.4 }, { orders: N, seed: 3 });

/** Sums the named metric over rows. */
const total = (
  rows: MetricsRow[],
  key: "orders" | "filledShares" | "customerCost" | "payment" | "shares" | "unfilledOrders",
) => rows.reduce((s, r) => s + r[key], 0);

// ---------------------------------------------------------------------------
// Summaries.

Deno.test("summarize: the total row equals brute-force sums over the orders", () => {
  const [all] = day.metrics.summarize([]);
  const o = day.outcomes, l = day.ledger;
  let filled = 0, cost = 0, payment = 0, shares = 0, unfilled = 0;
  for (let i = 0; i < N; i++) {
    filled += o.filled[i];
    cost += l.customerCost[i];
    payment += o.payment[i];
    shares += day.orders.size[i];
    if (o.filled[i] === 0) unfilled++;
  }
  assert.equal(all.orders, N);
  assert.equal(all.shares, shares);
  assert.equal(all.filledShares, filled);
  assert.equal(all.unfilledOrders, unfilled);
  close(all.customerCost, cost, 1e-9, "customerCost");
  close(all.payment, payment, 1e-9, "payment");
  close(all.fillRate, filled / shares, 1e-12, "fillRate");
});

Deno.test("summarize: totals equal the sums over the groups of every dimension", () => {
  const [all] = day.metrics.summarize([]);
  const groupings: Dimension[][] = [
    ["venue"],
    ["type"],
    ["sizeBucket"],
    ["tier"],
    ["venue", "type"],
    ["tier", "sizeBucket"],
    ["venue", "type", "sizeBucket", "tier"],
  ];
  for (const by of groupings) {
    const rows = day.metrics.summarize(by);
    // Keys are distinct and present.
    const keys = rows.map((r) => by.map((d) => r[d]).join("|"));
    assert.equal(new Set(keys).size, rows.length, `duplicate groups by ${by}`);
    for (const r of rows) for (const d of by) assert.equal(typeof r[d], "string");
    for (const key of ["orders", "filledShares", "shares", "unfilledOrders"] as const) {
      assert.equal(total(rows, key), all[key], `${key} by ${by}`);
    }
    for (const key of ["customerCost", "payment"] as const) {
      close(total(rows, key), all[key], 1e-9, `${key} by ${by}`);
    }
  }
});

Deno.test("summarize: groups match brute-force counts by venue, type, size bucket and tier", () => {
  const o = day.outcomes, orders = day.orders;
  const count = (key: (i: number) => string) => {
    const m = new Map<string, number>();
    for (let i = 0; i < N; i++) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
    return m;
  };
  const expect: Record<Dimension, Map<string, number>> = {
    venue: count((i) => day.venues.ids[o.venue[i]]),
    type: count((i) => ORDER_TYPES[orders.type[i]]),
    sizeBucket: count((i) => SIZE_BUCKETS[sizeBucket(orders.size[i])].label),
    tier: count((i) => TIERS[day.universe.tier[orders.security[i]]]),
  };
  for (const d of Object.keys(expect) as Dimension[]) {
    const got = new Map(day.metrics.summarize([d]).map((r) => [r[d]!, r.orders]));
    assert.deepEqual(got, expect[d], `orders by ${d}`);
  }
  // Filtering by type keeps only those types.
  const [covered] = day.metrics.summarize([], { types: [0, 1] });
  assert.equal(
    covered.orders,
    (expect.type.get("market") ?? 0) + (expect.type.get("marketableLimit") ?? 0),
  );
});

Deno.test("summarize: Rule 605 metrics of a group equal a brute-force computation", () => {
  const o = day.outcomes, orders = day.orders;
  // Market orders, all venues: share-weighted averages over filled orders.
  let f = 0, eff = 0, quoted = 0, improved = 0, improvement = 0, atQuote = 0, outside = 0;
  let outsideSum = 0, ms = 0, r60 = 0, notional = 0;
  for (let i = 0; i < N; i++) {
    if (orders.type[i] !== 0 || o.filled[i] === 0) continue;
    const q = o.filled[i], s = orders.side[i], p = o.price[i], m = o.arrivalMid[i];
    f += q;
    eff += q * 2 * s * (p - m);
    quoted += q * o.arrivalSpread[i];
    const pi = o.priceImprovement[i];
    near(pi, s * (m + s * o.arrivalSpread[i] / 2 - p), 1e-9, "improvement vs the far quote");
    if (pi > 1e-9) {
      improved += q;
      improvement += q * pi;
    } else if (pi < -1e-9) {
      outside += q;
      outsideSum -= q * pi;
    } else atQuote += q;
    ms += q * o.latencyMs[i];
    r60 += q * 2 * s * (p - o.markout[2][i]);
    notional += q * m;
  }
  const [market] = day.metrics.summarize([], { types: [0] });
  assert.equal(market.filledShares, f);
  close(market.effectiveSpread, eff / f, 1e-9, "effective spread");
  close(market.quotedSpread, quoted / f, 1e-9, "quoted spread");
  close(market.eq, eff / quoted, 1e-9, "E/Q");
  close(market.priceImprovedShare, improved / f, 1e-12, "improved share");
  close(market.priceImprovementPerShare, improvement / improved, 1e-9, "improvement per share");
  close(market.atQuoteShare, atQuote / f, 1e-12, "at the quote");
  close(market.outsideQuoteShare, outside / f, 1e-12, "outside the quote");
  if (outside > 0) close(market.outsideQuotePerShare, outsideSum / outside, 1e-9, "outside amount");
  close(market.priceImprovementAll, (improvement - outsideSum) / f, 1e-9, "net improvement");
  close(market.executionSeconds, ms / f / 1000, 1e-9, "execution time");
  close(market.realizedSpread60s, r60 / f, 1e-9, "realized spread 60 s");
  close(market.notional, notional, 1e-9, "notional");
  close(market.customerCostBps, market.customerCost / notional * 1e4, 1e-9, "cost in bps");
});

Deno.test("hand-built day on the tiny world: one row per venue with exact metrics", () => {
  // bid 100.00 / ask 100.01 / mid 100.005. Order 0: LIT at the ask; 1: dark at the mid;
  // 2: dark that reroutes to LIT; 3: a resting limit in the dark pool that never fills
  // while the market trades through it (a dip at 100..119 s).
  const market = tinyMarket((mid) => mid.fill(99.985, 100, 120));
  const orders = tinyOrders([{}, {}, {}, { type: 2, offset: 1, life: 300 }]);
  const venues = tinyVenues();
  const to = [V.LIT, V.DARK, V.DARK0, V.DARK];
  const o = execute(market, venues, tinyFlow(), orders, routesTo(to), new Random(1));
  const l = buildLedger(orders, o, venues);
  const acc = new MetricsAccumulator(venues.ids).add(orders, o, l, market.universe.tier);
  const rows = new Map(acc.summarize(["venue", "type"]).map((r) => [`${r.venue}/${r.type}`, r]));
  assert.deepEqual([...rows.keys()].sort(), [
    "DARK/market",
    "DARK/nonMarketableLimit",
    "DARK0/market",
    "LIT/market",
  ]);
  const lit = rows.get("LIT/market")!;
  near(lit.effectiveSpread, 0.01); // 2 x (100.01 - 100.005)
  near(lit.quotedSpread, 0.01);
  near(lit.eq, 1);
  assert.equal(lit.atQuoteShare, 1);
  near(lit.customerCost, 0.50);
  near(lit.brokerFees, 0.30);
  near(lit.realizedSpread1s, 0.01); // flat mid after execution at 10.502 s
  near(lit.executionSeconds, 0.002);
  near(lit.effectiveSpreadBps, 0.01 / 100.005 * 1e4);
  const dark = rows.get("DARK/market")!;
  near(dark.effectiveSpread, 0);
  near(dark.eq, 0);
  assert.equal(dark.priceImprovedShare, 1);
  near(dark.priceImprovementPerShare, 0.005);
  near(dark.pfofPerShare, 0.0004);
  const rerouted = rows.get("DARK0/market")!;
  assert.equal(rerouted.reroutedShares, 100); // booked under the routed venue
  near(rerouted.executionSeconds, 0.502);
  near(rerouted.eq, 1);
  const limit = rows.get("DARK/nonMarketableLimit")!;
  assert.equal(limit.filledShares, 0);
  assert.equal(limit.unfilledOrders, 1);
  assert.equal(limit.tradedThroughUnfilled, 1);
  near(limit.opportunityCost, 1.50); // 100 x (100.005 - 99.99)
  assert.ok(Number.isNaN(limit.effectiveSpread) && Number.isNaN(limit.eq));
  assert.equal(limit.fillRate, 0);
});

// ---------------------------------------------------------------------------
// Derived metrics from hand-built sums.

function sums(values: Partial<Record<typeof STATS[number], number>>): Float64Array {
  const s = new Float64Array(STATS.length);
  for (const [k, v] of Object.entries(values)) {
    const i = STATS.indexOf(k as typeof STATS[number]);
    assert.ok(i >= 0, k);
    s[i] = v;
  }
  return s;
}

Deno.test("deriveMetrics on hand-built sums gives the exact ratios", () => {
  // 3 orders for 600 shares, 500 filled at $100: effective $0.004, quoted $0.01.
  const m = deriveMetrics(sums({
    orders: 3,
    shares: 600,
    filledShares: 500,
    filledOrders: 2,
    effectiveSpreadSum: 500 * 0.004,
    effectiveSpreadBpsSum: 500 * 0.4,
    quotedSpreadSum: 500 * 0.01,
    quotedSpreadBpsSum: 500 * 1,
    improvedShares: 300,
    improvementSum: 300 * 0.002,
    atQuoteShares: 100,
    outsideShares: 100,
    outsideSum: 100 * 0.01,
    executionMsSum: 500 * 250,
    realized1sSum: 500 * 0.003,
    realized15sSum: 500 * 0.002,
    realized60sSum: 500 * 0.001,
    realized300sSum: -500 * 0.001,
    customerCost: 1,
    brokerGain: 0.7,
    wholesalerGain: 0.2,
    venueGain: 0.05,
    otherSideGain: 0.05,
    payment: 1,
    brokerFees: 0.3,
    notional: 500 * 100,
    opportunityCost: 2.5,
    tradedThroughUnfilled: 1,
    unfilledOrders: 1,
    reroutedShares: 40,
  }));
  assert.equal(m.orders, 3);
  assert.equal(m.shares, 600);
  assert.equal(m.filledShares, 500);
  near(m.fillRate, 5 / 6, 1e-15);
  near(m.effectiveSpread, 0.004, 1e-15);
  near(m.effectiveSpreadBps, 0.4, 1e-15);
  near(m.quotedSpread, 0.01, 1e-15);
  near(m.quotedSpreadBps, 1, 1e-15);
  near(m.eq, 0.4, 1e-15);
  near(m.priceImprovedShare, 0.6, 1e-15); // 300 of 500 covered shares
  near(m.priceImprovementPerShare, 0.002, 1e-15);
  near(m.priceImprovementAll, (0.6 - 1) / 500, 1e-15);
  near(m.atQuoteShare, 0.2, 1e-15);
  near(m.outsideQuoteShare, 0.2, 1e-15);
  near(m.outsideQuotePerShare, 0.01, 1e-15);
  near(m.executionSeconds, 0.25, 1e-15);
  near(m.realizedSpread1s, 0.003, 1e-15);
  near(m.realizedSpread15s, 0.002, 1e-15);
  near(m.realizedSpread60s, 0.001, 1e-15);
  near(m.realizedSpread300s, -0.001, 1e-15);
  near(m.customerCostBps, 0.2, 1e-15); // $1 on $50,000
  near(m.customerCostPerShare, 1 / 500, 1e-15); // $1 over 500 executed shares
  near(m.pfofPerShare, 0.002, 1e-15);
  assert.equal(m.customerCost, 1);
  assert.equal(m.brokerGain, 0.7);
  assert.equal(m.brokerFees, 0.3);
  assert.equal(m.notional, 50000);
  assert.equal(m.opportunityCost, 2.5);
  assert.equal(m.unfilledOrders, 1);
  assert.equal(m.tradedThroughUnfilled, 1);
  assert.equal(m.reroutedShares, 40);
  assert.deepEqual(Object.keys(m).sort(), [...METRIC_NAMES].sort());
});

Deno.test("deriveMetrics: empty groups give NaN ratios, not zeros or infinities", () => {
  const m = deriveMetrics(sums({ orders: 2, shares: 200, unfilledOrders: 2 }));
  assert.equal(m.filledShares, 0);
  assert.equal(m.fillRate, 0);
  for (
    const k of [
      "effectiveSpread",
      "eq",
      "priceImprovedShare",
      "priceImprovementPerShare",
      "outsideQuotePerShare",
      "executionSeconds",
      "customerCostBps",
      "customerCostPerShare",
      "pfofPerShare",
    ] as const
  ) assert.ok(Number.isNaN(m[k]), `${k} = ${m[k]}`);
  assert.ok(Number.isNaN(deriveMetrics(sums({})).fillRate));
});

// ---------------------------------------------------------------------------
// Merging and chunking.

/** Asserts two accumulators hold the same sums within 1e-9 relative. */
function sameSums(a: MetricsAccumulator, b: MetricsAccumulator, what: string): void {
  assert.equal(a.sums.length, b.sums.length);
  let worst = -1;
  for (let i = 0; i < a.sums.length; i++) {
    if (Math.abs(a.sums[i] - b.sums[i]) > 1e-9 * (1 + Math.abs(a.sums[i]))) worst = i;
  }
  assert.equal(worst, -1, `${what}: sum ${worst} differs: ${a.sums[worst]} vs ${b.sums[worst]}`);
}

Deno.test("merge: two chunks' accumulators equal one unchunked day", () => {
  const world = buildWorld(scenario, { orders: N, seed: 3 });
  const policy = { kind: "max-payment" } as const;
  const whole = runPolicy(world, policy).metrics;
  const cut = 2345;
  const part = (first: number, count: number) =>
    runPolicy({
      ...world,
      orders: generateOrders(scenario.flow, world.universe, world.random, N, 0, { first, count }),
    }, policy).metrics;
  const a = part(0, cut), b = part(cut, N - cut);
  assert.equal(a.summarize([])[0].orders, cut);
  const merged = new MetricsAccumulator(world.venues.ids).merge(a).merge(b);
  sameSums(merged, whole, "a + b");
  sameSums(new MetricsAccumulator(world.venues.ids).merge(b).merge(a), whole, "b + a");
  assert.throws(() => merged.merge(new MetricsAccumulator(["X"])), RangeError);
});

Deno.test("simulateChunked equals simulateDay for every policy", () => {
  const policies = [
    { kind: "best-execution" as const },
    { kind: "max-payment" as const },
    { kind: "balanced" as const, paymentWeight: 0.3 },
  ];
  const progress: number[] = [];
  const chunked = simulateChunked(scenario, policies, {
    orders: N,
    seed: 5,
    chunkSize: 1300,
    onProgress: (done) => progress.push(done),
  });
  assert.deepEqual(progress, [1300, 2600, 3900, 5200, 6000]);
  policies.forEach((p, k) => {
    const whole = simulateDay(scenario, p, { orders: N, seed: 5 }).metrics;
    sameSums(chunked[k], whole, p.kind);
  });
});

Deno.test("determinism: the same seed gives identical sums bit for bit; another seed differs", () => {
  const run = (seed: number) =>
    simulateDay(scenario, { kind: "best-execution" }, { orders: 2000, seed }).metrics.sums;
  const a = run(21), b = run(21), c = run(22);
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) diff++;
  assert.equal(diff, 0, "two runs of seed 21 differ");
  diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== c[i]) diff++;
  assert.ok(diff > 0, "seeds 21 and 22 give the same sums");
});
