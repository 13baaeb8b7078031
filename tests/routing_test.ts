import assert from "node:assert/strict";
import fc from "fast-check";
import {
  expectedPerShare,
  parsePolicy,
  paymentPerShare,
  type PolicyInput,
  policyLabel,
  reachProbabilities,
  route,
} from "../lib/sim/routing.ts";
import { buildWorld, comparePolicies, type DayResult, runPolicy } from "../lib/sim/simulate.ts";
import { policyTerms } from "../lib/sim/policy.ts";
import { execute } from "../lib/sim/execution.ts";
import { normalCdf, Random } from "../lib/sim/random.ts";
import { parseVenues, venueTable } from "../lib/sim/venues.ts";
import { scalePayments } from "../lib/runs/experiment.ts";
import { defaultScenario, parseScenario, type Scenario } from "../lib/sim/scenario.ts";
import { close, near, shareWithin, smallScenario, sum } from "./_helpers.ts";
import { MID, TINY_VENUES, tinyFlow, tinyMarket, tinyOrders, tinyVenues, V } from "./_tiny.ts";

// ---------------------------------------------------------------------------
// Hand-computed expectations on the tiny world (one tick, half-spread $0.005).

const tinyPolicy = (p: PolicyInput, venues = TINY_VENUES.map((v) => v.id)) =>
  parsePolicy({ venues, ...p });

Deno.test("tiny world: expected cost and revenue per share of a 100-share buy, venue by venue", () => {
  const market = tinyMarket();
  const venues = tinyVenues();
  const orders = tinyOrders([{}]);
  // cost = half-spread x (1 - improvement share) or x (1 - dark fill);
  // revenue = payment, less fees, plus the affiliate's capture.
  const want: Record<keyof typeof V, [number, number]> = {
    LIT: [0.005, -0.003],
    WH: [0.005, 0.0021],
    DARK: [0, 0.0004 - 0.001],
    DARK0: [0.005, -0.003], // always rerouted to LIT
    AFF: [0.005, 0.005], // the customer's cost is the affiliate's (the broker's) capture
    WHPI: [0.005 - 0.25 * 2 * 0.005, 0.0021],
    LITT: [0.005, -0.003],
  };
  for (const [id, [cost, revenue]] of Object.entries(want)) {
    // The fast path of `route` (one eligible venue) ...
    const r = route(market, venues, orders, tinyPolicy({ kind: "best-execution" }, [id]));
    near(r.expectedCost[0], cost, 1e-12, `${id} cost`);
    near(r.expectedRevenue[0], revenue, 1e-12, `${id} revenue`);
    // ... and the general expectedPerShare agree with the hand values.
    const out = new Float64Array(2);
    expectedPerShare(
      market,
      venues,
      orders,
      0,
      V[id as keyof typeof V],
      policyTerms(parsePolicy({ kind: "best-execution" })),
      undefined,
      out,
    );
    near(out[0], cost, 1e-12, `${id} cost (expectedPerShare)`);
    near(out[1], revenue, 1e-12, `${id} revenue (expectedPerShare)`);
  }
});

Deno.test("tiny world: each policy's choice, by hand", () => {
  const market = tinyMarket();
  const venues = tinyVenues();
  const orders = tinyOrders([{}]);
  const pick = (p: PolicyInput, ids?: string[]) =>
    route(market, venues, orders, tinyPolicy(p, ids)).venue[0];
  const noAff = TINY_VENUES.map((v) => v.id).filter((id) => id !== "AFF");
  assert.equal(pick({ kind: "best-execution" }), V.DARK); // cost 0
  assert.equal(pick({ kind: "max-payment" }), V.AFF); // revenue 0.005
  // Without the affiliate WH and WHPI both pay 0.0021: the tie goes to the lower cost.
  assert.equal(pick({ kind: "max-payment" }, noAff), V.WHPI);
  // Balanced scores (1 - w) c - w r: DARK 0.0006 w, AFF 0.005 - 0.01 w,
  // WHPI 0.0025 - 0.0046 w. AFF beats DARK above w = 0.005 / 0.0106 = 0.4717;
  // without AFF, WHPI beats DARK above w = 0.0025 / 0.0052 = 0.4808.
  assert.equal(pick({ kind: "balanced", paymentWeight: 0.47 }), V.DARK);
  assert.equal(pick({ kind: "balanced", paymentWeight: 0.473 }), V.AFF);
  assert.equal(pick({ kind: "balanced", paymentWeight: 0.48 }, noAff), V.DARK);
  assert.equal(pick({ kind: "balanced", paymentWeight: 0.482 }, noAff), V.WHPI);
});

Deno.test("tiny world: a resting limit's expected cost from the reflection principle", () => {
  const market = tinyMarket();
  const venues = tinyVenues();
  // Buy one tick behind the bid for 300 s; sigma $0.01/s so sigma sqrt(T) = 0.01 sqrt(300).
  const orders = tinyOrders([{ type: 2, offset: 1, life: 300 }]);
  const s = 0.01 * Math.sqrt(300);
  const touch = 2 * (1 - normalCdf(0.01 / s));
  const through = 2 * (1 - normalCdf(0.02 / s));
  const reach = reachProbabilities(1, 0.01, 0.01, 300, new Float64Array(2));
  near(reach[0], touch, 1e-15);
  near(reach[1], through, 1e-15);
  const gain = 0.005 + 0.01; // half-spread plus the tick behind the bid
  const cost = (p: number) => -p * gain + (1 - p) * 0.005; // non-fill costs one half-spread
  // LIT: touch 0, through 1; DARK: touch 0, through 0; LITT: touch 1.
  const cases: [string, number, number][] = [
    ["LIT", cost(through), through * 0.002], // the maker rebate
    ["DARK", cost(0), 0],
    ["LITT", cost(touch), touch * 0.002],
    ["WH", cost(through), through * 0.0013], // the limit-order payment
    ["AFF", cost(through), -through * gain], // the affiliate gives up the gain
  ];
  for (const [id, c, r] of cases) {
    const routes = route(market, venues, orders, tinyPolicy({ kind: "best-execution" }, [id]));
    near(routes.expectedCost[0], c, 1e-12, `${id} cost`);
    near(routes.expectedRevenue[0], r, 1e-12, `${id} revenue`);
  }
  // The life is cut at the close: 590 s left at 10 s, so a 5,000 s life counts as 590 s.
  const late = tinyOrders([{ type: 2, offset: 1, life: 5000, time: 10 }]);
  const p590 = 2 * (1 - normalCdf(0.02 / (0.01 * Math.sqrt(590))));
  const r = route(market, venues, late, tinyPolicy({ kind: "best-execution" }, ["LIT"]));
  near(r.expectedCost[0], cost(p590), 1e-12, "life cut at the close");
});

Deno.test("reachProbabilities: touch is certain at offset 0, impossible without volatility", () => {
  const out = new Float64Array(2);
  reachProbabilities(0, 0.01, 0.02, 100, out);
  assert.equal(out[0], 1);
  near(out[1], 2 * (1 - normalCdf(0.01 / 0.2)), 1e-15);
  reachProbabilities(3, 0.01, 0, 100, out);
  assert.deepEqual([...out], [0, 0]);
  reachProbabilities(3, 0.01, 0.02, 0, out);
  assert.deepEqual([...out], [0, 0]);
});

Deno.test({
  // Regression: routing's expected improvement must follow the law execution
  // draws from (improvementDraw: uniform around the mean, within [0, half]);
  // it once ignored the cap at the midpoint, overstating improvement for
  // shares above 0.25.
  name: "a wholesaler's expected cost equals its mean realized cost",
  fn() {
    const [base] = TINY_VENUES.filter((v) => v.id === "WHPI");
    const generous = { ...base, priceImprovement: { probability: 1, shareOfSpread: 0.5 } };
    const venues = venueTable(parseVenues([generous], "test"));
    const n = 4000;
    const orders = tinyOrders(Array.from({ length: n }, () => ({})));
    const market = tinyMarket();
    const routes = route(market, venues, orders, parsePolicy({ kind: "best-execution" }));
    const o = execute(market, venues, tinyFlow(), orders, routes, new Random(1));
    const realized = Float64Array.from(o.price, (p) => p - MID);
    const mean = sum(realized) / n;
    let v = 0;
    for (const x of realized) v += (x - mean) ** 2;
    const se = Math.sqrt(v / n / n);
    near(mean, routes.expectedCost[0], 5 * se, "mean realized cost per share vs expected");
  },
});

// ---------------------------------------------------------------------------
// Properties on random worlds: policies against each other.

const base = smallScenario(1800);

/** A scenario with a random type mix and informed share (the venues and universe as default). */
function scenarioWith(
  typeWeights: [number, number, number],
  informedShare: number,
  withAffiliate: boolean,
): Scenario {
  const total = typeWeights[0] + typeWeights[1] + typeWeights[2];
  const market = typeWeights[0] / total;
  const marketableLimit = typeWeights[1] / total;
  return parseScenario({
    ...base,
    flow: {
      ...base.flow,
      informedShare,
      typeMix: { market, marketableLimit, nonMarketableLimit: 1 - market - marketableLimit },
    },
    broker: {
      ...base.broker,
      venues: withAffiliate ? [...base.broker.venues, "AFF-1"] : base.broker.venues,
    },
  }, "property");
}

/** Total expected cost and revenue ($) of a day's routes: per-share values times sizes. */
function totals(day: DayResult): { cost: number; revenue: number } {
  let cost = 0, revenue = 0;
  for (let i = 0; i < day.orders.count; i++) {
    cost += day.routes.expectedCost[i] * day.orders.size[i];
    revenue += day.routes.expectedRevenue[i] * day.orders.size[i];
  }
  return { cost, revenue };
}

const worldArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  orders: fc.integer({ min: 50, max: 2000 }),
  types: fc.tuple(
    fc.double({ min: 0.05, max: 1, noNaN: true }),
    fc.double({ min: 0.05, max: 1, noNaN: true }),
    fc.double({ min: 0.05, max: 1, noNaN: true }),
  ),
  informed: fc.double({ min: 0, max: 0.3, noNaN: true }),
  affiliate: fc.boolean(),
  w: fc.double({ min: 0, max: 1, noNaN: true }),
  w2: fc.double({ min: 0, max: 1, noNaN: true }),
});

const lessOrEqual = (a: number, b: number, what: string) =>
  assert.ok(a <= b + 1e-9 * (1 + Math.abs(b)), `${what}: ${a} > ${b}`);

Deno.test("property: best execution has the lowest and max-payment the highest expected totals", () => {
  fc.assert(
    fc.property(worldArb, (a) => {
      const world = buildWorld(scenarioWith(a.types, a.informed, a.affiliate), a);
      const [lo, hi] = a.w < a.w2 ? [a.w, a.w2] : [a.w2, a.w];
      const best = totals(runPolicy(world, { kind: "best-execution" }));
      const paid = totals(runPolicy(world, { kind: "max-payment" }));
      const scored = totals(runPolicy(world, { kind: "scorecard" }));
      const balLo = totals(runPolicy(world, { kind: "balanced", paymentWeight: lo }));
      const balHi = totals(runPolicy(world, { kind: "balanced", paymentWeight: hi }));
      const bal0 = totals(runPolicy(world, { kind: "balanced", paymentWeight: 0 }));
      const bal1 = totals(runPolicy(world, { kind: "balanced", paymentWeight: 1 }));
      for (
        const [name, t] of [
          ["max-payment", paid],
          ["scorecard", scored],
          ["balanced", balLo],
          ["balanced", balHi],
        ]
      ) {
        const other = t as { cost: number; revenue: number };
        lessOrEqual(best.cost, other.cost, `best-execution cost vs ${name}`);
        lessOrEqual(other.revenue, paid.revenue, `${name} revenue vs max-payment`);
      }
      lessOrEqual(best.revenue, paid.revenue, "best-execution revenue vs max-payment");
      // The balanced extremes are the pure policies.
      close(bal0.cost, best.cost, 1e-9, "balanced(0) cost = best-execution cost");
      close(bal1.revenue, paid.revenue, 1e-9, "balanced(1) revenue = max-payment revenue");
      // More weight on payment: more revenue, and more cost.
      lessOrEqual(balLo.revenue, balHi.revenue, `revenue at w=${lo} vs w=${hi}`);
      lessOrEqual(balLo.cost, balHi.cost, `cost at w=${lo} vs w=${hi}`);
    }),
    { numRuns: 20 },
  );
});

Deno.test("property: each order's choice is the brute-force optimum over eligible venues", () => {
  fc.assert(
    fc.property(worldArb, (a) => {
      const world = buildWorld(scenarioWith(a.types, a.informed, a.affiliate), a);
      const { market, venues, orders, universe } = world;
      const eligible = world.scenario.broker.venues.map((id) => venues.ids.indexOf(id));
      const policy = (p: PolicyInput) =>
        parsePolicy({ venues: world.scenario.broker.venues, ...p });
      const best = route(market, venues, orders, policy({ kind: "best-execution" }));
      const paid = route(market, venues, orders, policy({ kind: "max-payment" }));
      const bal = route(market, venues, orders, policy({ kind: "balanced", paymentWeight: a.w }));
      const scored = route(
        market,
        venues,
        orders,
        policy({ kind: "scorecard", allocation: world.scenario.broker.allocation }),
        undefined,
        world.random,
      );
      const allocated = new Set(Object.keys(world.scenario.broker.allocation!));
      const pair = new Float64Array(2), reach = new Float64Array(2);
      const terms = policyTerms(parsePolicy({ kind: "best-execution" }));
      for (let i = 0; i < orders.count; i++) {
        if (orders.type[i] === 2) {
          const life = Math.min(orders.life[i], universe.sessionSeconds - orders.time[i]);
          const k = orders.security[i];
          reachProbabilities(
            orders.limitOffsetTicks[i],
            universe.tickSize,
            universe.sigmaPerSecond[k],
            life,
            reach,
          );
        }
        let minCost = Infinity, maxRev = -Infinity, minScore = Infinity;
        const byVenue = new Map<number, [number, number]>();
        for (const v of eligible) {
          expectedPerShare(market, venues, orders, i, v, terms, undefined, pair);
          byVenue.set(v, [pair[0], pair[1]]);
          minCost = Math.min(minCost, pair[0]);
          maxRev = Math.max(maxRev, pair[1]);
          minScore = Math.min(minScore, (1 - a.w) * pair[0] - a.w * pair[1]);
        }
        // The scorecard draws among the allocated wholesalers only.
        assert.ok(allocated.has(venues.ids[scored.venue[i]]), `order ${i}: scorecard venue`);
        // The reported expectations are those of the chosen venue ...
        for (const r of [best, paid, bal, scored]) {
          const [c, rev] = byVenue.get(r.venue[i])!;
          near(r.expectedCost[i], c, 1e-12, `order ${i} cost at the chosen venue`);
          near(r.expectedRevenue[i], rev, 1e-12, `order ${i} revenue at the chosen venue`);
        }
        // ... and the chosen venue is optimal for the policy's objective.
        near(best.expectedCost[i], minCost, 1e-11, `order ${i}: best execution`);
        near(paid.expectedRevenue[i], maxRev, 1e-11, `order ${i}: max payment`);
        const score = (1 - a.w) * bal.expectedCost[i] - a.w * bal.expectedRevenue[i];
        near(score, minScore, 1e-11, `order ${i}: balanced`);
      }
    }),
    { numRuns: 20 },
  );
});

Deno.test("realized: when one wholesaler pays more, routing for payment costs customers more", () => {
  // A broker is paid the same at each of its wholesalers in the calibrated world;
  // here WH-E, the costliest wholesaler, pays 1.5 times the rate of the others.
  const s = scalePayments(defaultScenario(), 1.5, ["WH-E"]);
  const whE = s.venues.find((v) => v.id === "WH-E")!;
  assert.ok(whE.kind === "wholesaler");
  near(whE.paymentPerShare.sp500.market, 0.0024, 1e-15, "WH-E pays 16 x 1.5 = 24 Cph");
  const [best, paid] = comparePolicies(
    s,
    [{ kind: "best-execution" }, { kind: "max-payment" }],
    { orders: 100_000, seed: 1 },
  );
  // Max payment sends every marketable order a wholesaler takes to WH-E.
  const e = paid.venues.ids.indexOf("WH-E");
  let toE = 0, marketable = 0;
  for (let i = 0; i < paid.orders.count; i++) {
    if (paid.orders.type[i] === 2) continue;
    marketable++;
    if (paid.routes.venue[i] === e) toE++;
  }
  assert.ok(toE > 0.9 * marketable, `${toE} of ${marketable} marketable orders to WH-E`);
  const covered = { types: [0, 1] };
  const b = best.metrics.summarize([], covered)[0];
  const p = paid.metrics.summarize([], covered)[0];
  assert.ok(
    b.customerCost < p.customerCost,
    `best execution ${b.customerCost} vs max payment ${p.customerCost}`,
  );
  // Same world: the same covered orders and shares under both policies.
  assert.equal(b.orders, p.orders);
  assert.equal(b.shares, p.shares);
  // And routing for payment earns the broker more PFOF.
  assert.ok(p.payment > b.payment, `payment ${p.payment} vs ${b.payment}`);
});

Deno.test("a payment as a share of the spread: rate plus share x spread, capped, banned", () => {
  // WH of the tiny world pays $0.0021 a share on S&P 500 market orders; add 10% of the spread.
  const spreadShare = parseVenues(
    TINY_VENUES.map((v) => (v.id === "WH" ? { ...v, paymentShareOfSpread: 0.1 } : v)),
    "test",
  );
  const venues = venueTable(spreadShare);
  const terms = (p: PolicyInput) => policyTerms(parsePolicy(p));
  // A 4-cent spread: 0.0021 + 0.1 x 0.04 = $0.0061 a share.
  near(paymentPerShare(venues, terms({ kind: "max-payment" }), V.WH, 0, 0, 0.04), 0.0061, 1e-15);
  near(paymentPerShare(venues, terms({ kind: "cap", cap: 0.003 }), V.WH, 0, 0, 0.04), 0.003, 0);
  assert.equal(paymentPerShare(venues, terms({ kind: "ban" }), V.WH, 0, 0, 0.04), 0);
  // Executed: a 100-share market buy at WH with the tiny world's one-tick spread is paid
  // 100 x (0.0021 + 0.1 x 0.01) = $0.31.
  const o = execute(
    tinyMarket(),
    venues,
    tinyFlow(),
    tinyOrders([{}]),
    {
      venue: Uint8Array.of(V.WH),
      expectedCost: new Float64Array(1),
      expectedRevenue: new Float64Array(1),
    },
    new Random(1),
  );
  near(o.payment[0], 0.31, 1e-12, "payment on a one-tick spread");
});

// ---------------------------------------------------------------------------
// The scorecard rule.

Deno.test("scorecard: orders go to the allocated wholesalers with the allocation's frequencies", () => {
  const world = buildWorld(smallScenario(3600), { orders: 30_000, seed: 4 });
  const allocation = world.scenario.broker.allocation!;
  const day = runPolicy(world, { kind: "scorecard" });
  const counts = new Map<string, number>();
  for (let i = 0; i < day.orders.count; i++) {
    const id = world.venues.ids[day.routes.venue[i]];
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const n = day.orders.count;
  for (const id of counts.keys()) assert.ok(id in allocation, `${id} is not in the scorecard`);
  for (const [id, share] of Object.entries(allocation)) {
    shareWithin((counts.get(id) ?? 0) / n, share, n, `${id} share of orders`);
  }
});

Deno.test("scorecard: a named allocation is renormalised over the eligible venues; others never chosen", () => {
  const world = buildWorld(smallScenario(600), { orders: 6000, seed: 2 });
  const { market, venues, orders } = world;
  const ids = world.scenario.broker.venues;
  const route1 = (allocation?: Record<string, number>, venueList = ids) =>
    route(
      market,
      venues,
      orders,
      parsePolicy({ kind: "scorecard", venues: venueList, allocation }),
      undefined,
      world.random,
    );
  // WH-A 0.1, WH-C 0.3; AFF-1 is not among the broker's venues, so its 0.6 is dropped and
  // WH-A gets 0.1 / 0.4 = 1/4 of the orders, WH-C 3/4.
  const r = route1({ "WH-A": 0.1, "WH-C": 0.3, "AFF-1": 0.6 });
  const a = venues.ids.indexOf("WH-A"), c = venues.ids.indexOf("WH-C");
  let toA = 0;
  for (let i = 0; i < orders.count; i++) {
    assert.ok(r.venue[i] === a || r.venue[i] === c, `order ${i} to ${venues.ids[r.venue[i]]}`);
    if (r.venue[i] === a) toA++;
  }
  shareWithin(toA / orders.count, 0.25, orders.count, "WH-A's renormalised share");
  // With no allocation: equal shares over the eligible wholesalers that are not affiliated.
  const even = route1(undefined, ["LIT-A", "WH-B", "WH-D", "AFF-1"]);
  const b = venues.ids.indexOf("WH-B");
  let toB = 0;
  for (let i = 0; i < orders.count; i++) {
    assert.ok(["WH-B", "WH-D"].includes(venues.ids[even.venue[i]]));
    if (even.venue[i] === b) toB++;
  }
  shareWithin(toB / orders.count, 0.5, orders.count, "WH-B's equal share");
  // Nothing allowed to draw from: a clear error.
  assert.throws(
    () => route1({ "AFF-1": 1 }),
    /allocation: the scorecard gives no share to any venue the policy allows/,
  );
});

Deno.test("scorecard: the same seed and replication draw the same venues; another replication differs", () => {
  const s = smallScenario(600);
  const one = runPolicy(buildWorld(s, { orders: 2000, seed: 8 }), { kind: "scorecard" });
  const again = runPolicy(buildWorld(s, { orders: 2000, seed: 8 }), { kind: "scorecard" });
  assert.deepEqual(one.routes.venue, again.routes.venue);
  const other = runPolicy(buildWorld(s, { orders: 2000, seed: 8, replication: 1 }), {
    kind: "scorecard",
  });
  let same = 0;
  for (let i = 0; i < 2000; i++) if (other.routes.venue[i] === one.routes.venue[i]) same++;
  assert.ok(same < 2000 * 0.6, `${same} of 2000 draws repeated`);
});

// ---------------------------------------------------------------------------
// Validation.

Deno.test("parsePolicy: defaults, labels and rejections naming the field", () => {
  const b = parsePolicy({ kind: "balanced" });
  assert.equal(b.kind === "balanced" && b.paymentWeight, 0.3);
  assert.equal(b.nonFillCostHalfSpreads, 1);
  assert.equal(policyLabel(b), "balanced (w=0.3)");
  assert.equal(
    policyLabel(parsePolicy({ kind: "max-payment", label: "status quo" })),
    "status quo",
  );
  const fails = (value: unknown, pattern: RegExp) =>
    assert.throws(() => parsePolicy(value, "policy.json"), (e: Error) => {
      assert.equal(e.name, "ValidationError");
      assert.match(e.message, pattern);
      return true;
    });
  fails({ kind: "balanced", paymentWeight: 1.5 }, /^policy\.json: paymentWeight: /m);
  fails({ kind: "balanced", paymentWeight: -0.1 }, /^policy\.json: paymentWeight: /m);
  fails({ kind: "balanced", paymentWeight: NaN }, /^policy\.json: paymentWeight: /m);
  fails({ kind: "best-execution", nonFillCostHalfSpreads: -1 }, /nonFillCostHalfSpreads/);
  fails({ kind: "best-execution", venues: [] }, /^policy\.json: venues: /m);
  fails({ kind: "cheapest" }, /^policy\.json: kind: /m);
});

Deno.test({
  // Regression: a policy carrying `venues: undefined` once replaced the broker's
  // list and made every venue (the affiliated AFF-1 too) eligible.
  name: "a policy with venues: undefined keeps the broker's venues",
  fn() {
    const world = buildWorld(smallScenario(600), { orders: 500, seed: 1 });
    const day = runPolicy(world, { kind: "max-payment", venues: undefined });
    const allowed = new Set(world.scenario.broker.venues);
    for (let i = 0; i < day.orders.count; i++) {
      const id = world.venues.ids[day.routes.venue[i]];
      assert.ok(allowed.has(id), `order ${i} routed to ${id}, not a venue of the broker`);
    }
  },
});

Deno.test("an unknown venue id in policy.venues is rejected, naming it", () => {
  const world = buildWorld(smallScenario(600), { orders: 50, seed: 1 });
  assert.throws(
    () => runPolicy(world, { kind: "best-execution", venues: ["LIT-A", "NOPE"] }),
    (e: Error) => {
      assert.equal(e.name, "ValidationError");
      assert.ok(e.message.includes('unknown venue "NOPE"'), e.message);
      return true;
    },
  );
});
