import assert from "node:assert/strict";
import {
  differenceRatio,
  experimentIntervals,
  mergeDays,
  ratioEstimate,
  runExperiment,
  scalePayments,
} from "../lib/runs/experiment.ts";
import {
  conflictRatio,
  estimate,
  intervalsOf,
  meanInterval,
  monteCarlo,
} from "../lib/runs/montecarlo.ts";
import { buildWorld, type DayResult, runPolicy, simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario, type Scenario } from "../lib/sim/scenario.ts";
import { deriveMetrics, STATS } from "../lib/analysis/metrics.ts";

const sameSums = (a: Float64Array, b: Float64Array, what: string) => {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) assert.equal(a[i], b[i], `${what}: sum ${i}`);
};

Deno.test("runExperiment: each arm's day equals a direct simulation of that day", () => {
  const s = defaultScenario();
  const exp = runExperiment(
    s,
    [{ policy: { kind: "best-execution" } }, { policy: { kind: "max-payment" } }],
    { orders: 900, seed: 3, days: 2 },
  );
  assert.deepEqual(exp.labels, ["best-execution", "max-payment"]);
  for (let r = 0; r < 2; r++) {
    const world = buildWorld(s, { orders: 900, seed: 3, replication: r });
    sameSums(
      exp.metrics[0][r].sums,
      runPolicy(world, { kind: "best-execution" }).metrics.sums,
      "best",
    );
    sameSums(
      exp.metrics[1][r].sums,
      runPolicy(world, { kind: "max-payment" }).metrics.sums,
      "paid",
    );
  }
});

Deno.test("runExperiment: a variant arm equals a fresh simulation of the variant scenario", () => {
  const s = defaultScenario();
  // Flow variant (other orders), venue variant (other payments), broker variant (an affiliate).
  const farLimits: Scenario = { ...s, flow: { ...s.flow, limitOffsetTicksMean: 8 } };
  const doubled = scalePayments(s, 2);
  const affiliate: Scenario = {
    ...s,
    broker: { ...s.broker, venues: [...s.broker.venues, "AFF-1"] },
  };
  const arms = [
    { policy: { kind: "best-execution" as const }, label: "far limits", scenario: farLimits },
    { policy: { kind: "max-payment" as const }, label: "doubled", scenario: doubled },
    { policy: { kind: "max-payment" as const }, label: "affiliate", scenario: affiliate },
  ];
  const exp = runExperiment(s, arms, { orders: 700, seed: 11, days: 2 });
  for (let r = 0; r < 2; r++) {
    arms.forEach((arm, a) => {
      const direct = simulateDay(arm.scenario, arm.policy, {
        orders: 700,
        seed: 11,
        replication: r,
      });
      sameSums(exp.metrics[a][r].sums, direct.metrics.sums, `${arm.label}, day ${r}`);
    });
  }
  // The affiliate variant really routes there: max-payment sends nearly every covered order to
  // AFF-1 (orders too large for its size guarantee can still go to the top payer).
  const byVenue = exp.metrics[2][0].summarize(["venue"], { types: [0, 1] });
  const total = byVenue.reduce((sum, x) => sum + x.orders, 0);
  const aff = byVenue.find((x) => x.venue === "AFF-1")?.orders ?? 0;
  assert.ok(aff > 0.9 * total, `${aff} of ${total} covered orders at AFF-1`);
});

Deno.test("runExperiment: arm days, inspect, and clear errors", () => {
  const s = defaultScenario();
  const seen: string[] = [];
  const exp = runExperiment(
    s,
    [
      { policy: { kind: "max-payment" } },
      { policy: { kind: "best-execution" }, days: 1 },
    ],
    {
      orders: 300,
      seed: 2,
      days: 3,
      inspect: (label: string, day: DayResult) => seen.push(`${label}/${day.replication}`),
    },
  );
  assert.equal(exp.metrics[0].length, 3);
  assert.equal(exp.metrics[1].length, 1);
  assert.deepEqual(seen, ["max-payment/0", "best-execution/0", "max-payment/1", "max-payment/2"]);
  assert.throws(
    () =>
      runExperiment(s, [{ policy: { kind: "max-payment" } }, { policy: { kind: "max-payment" } }], {
        orders: 10,
        seed: 1,
        days: 1,
      }),
    /arms.1: duplicate label "max-payment"/,
  );
  const bigger = { ...s, universe: { ...s.universe, sessionSeconds: 600 } };
  assert.throws(
    () =>
      runExperiment(s, [{ policy: { kind: "max-payment" }, label: "x", scenario: bigger }], {
        orders: 10,
        seed: 1,
        days: 1,
      }),
    /arms.0 \("x"\): its scenario's universe differs/,
  );
  assert.throws(
    () => runExperiment(s, [{ policy: { kind: "max-payment" } }], { orders: 10, seed: 1, days: 0 }),
    /days: expected an integer of at least 1, got 0/,
  );
});

Deno.test("mergeDays adds the days' sums and leaves them unchanged", () => {
  const exp = runExperiment(defaultScenario(), [{ policy: { kind: "max-payment" } }], {
    orders: 400,
    seed: 5,
    days: 3,
  });
  const before = exp.metrics[0].map((d) => Float64Array.from(d.sums));
  const month = mergeDays(exp, "max-payment");
  for (let i = 0; i < month.sums.length; i++) {
    assert.equal(month.sums[i], before[0][i] + before[1][i] + before[2][i]);
  }
  exp.metrics[0].forEach((d, r) => sameSums(d.sums, before[r], `day ${r}`));
  // 3 days of 400 orders.
  assert.equal(month.summarize([])[0].orders, 1200);
  assert.throws(() => mergeDays(exp, "nope"), /no arm "nope" \(known: max-payment\)/);
});

Deno.test("experimentIntervals matches monteCarlo on the same days", () => {
  const s = defaultScenario();
  const policies = [{ kind: "best-execution" as const }, { kind: "max-payment" as const }];
  const opts = { orders: 1500, seed: 9, types: [0, 1] };
  const mc = monteCarlo(s, policies, { ...opts, replications: 3 });
  const exp = runExperiment(s, policies.map((policy) => ({ policy })), { ...opts, days: 3 });
  const res = experimentIntervals(exp, { types: [0, 1] });
  for (const p of ["best-execution", "max-payment"]) {
    for (const m of ["payment", "customerCost", "eq"] as const) {
      assert.equal(estimate(res, p, m).mean, estimate(mc, p, m).mean, `${p} ${m}`);
      assert.equal(estimate(res, p, m).low, estimate(mc, p, m).low, `${p} ${m}`);
    }
  }
  const a = conflictRatio(res, "best-execution", "max-payment").ratio;
  const b = differenceRatio(res, "best-execution", "max-payment", "payment", "customerCost");
  assert.deepEqual(a, b);
});

Deno.test("intervalsOf, ratioEstimate and differenceRatio: hand-computed values", () => {
  // Three days of two policies, with hand-set sums: orders, unfilled orders, traded through,
  // payment and customer cost.
  const S = Object.fromEntries(STATS.map((s, i) => [s, i])) as Record<string, number>;
  const day = (orders: number, unfilled: number, through: number, pay: number, cost: number) => {
    const sums = new Float64Array(STATS.length);
    sums[S.orders] = orders;
    sums[S.unfilledOrders] = unfilled;
    sums[S.tradedThroughUnfilled] = through;
    sums[S.payment] = pay;
    sums[S.customerCost] = cost;
    return deriveMetrics(sums);
  };
  const rows = [
    { policy: "a", replication: 0, group: {}, metrics: day(10, 4, 1, 0, 100) },
    { policy: "a", replication: 1, group: {}, metrics: day(10, 5, 4, 0, 100) },
    { policy: "a", replication: 2, group: {}, metrics: day(10, 2, 1, 0, 100) },
    { policy: "b", replication: 0, group: {}, metrics: day(10, 4, 2, 30, 110) },
    { policy: "b", replication: 1, group: {}, metrics: day(10, 5, 5, 60, 120) },
    { policy: "b", replication: 2, group: {}, metrics: day(10, 2, 2, 30, 130) },
  ];
  const res = { intervals: intervalsOf(rows), replications: rows };
  const orders = res.intervals.find((r) => r.policy === "a" && r.metric === "orders")!;
  assert.deepEqual([orders.mean, orders.sd, orders.low, orders.high], [10, 0, 10, 10]);
  // Traded-through share of unfilled orders, day by day: 1/4, 4/5, 1/2; mean 31/60.
  const share = ratioEstimate(res, "a", "tradedThroughUnfilled", "unfilledOrders");
  assert.ok(Math.abs(share.mean - 31 / 60) < 1e-12);
  assert.deepEqual(
    share,
    (({ mean, low, high }) => ({ mean, low, high }))(meanInterval([0.25, 0.8, 0.5])),
  );
  // Extra payment per extra dollar of cost, day by day: 30/10, 60/20, 30/30; mean 7/3.
  const ratio = differenceRatio(res, "a", "b", "payment", "customerCost");
  assert.ok(Math.abs(ratio.mean - 7 / 3) < 1e-12);
  assert.throws(() => ratioEstimate(res, "c", "orders", "orders"), /no results for "c"/);
});

Deno.test("scalePayments scales paying wholesalers only, and validates", () => {
  const s = defaultScenario();
  const t = scalePayments(s, 3);
  for (const v of t.venues) {
    const before = s.venues.find((w) => w.id === v.id)!;
    if (v.kind === "wholesaler" && before.kind === "wholesaler") {
      // The us-retail broker is paid 16 Cph on marketable orders (other NMS stocks) and 26 Cph
      // on resting limits outside the S&P 500 at every wholesaler: $0.0016 x 3 = $0.0048 and
      // $0.0026 x 3 = $0.0078 a share; sub-$5 stocks a share of their smaller dollar spread
      // (us-2022.json: 0.00087 / 0.00267 of the other-stocks rate).
      if (v.id === "WH-C") assert.ok(Math.abs(v.paymentPerShare.otherNms.market - 0.0048) < 1e-12);
      if (v.id === "WH-A") {
        assert.ok(Math.abs(v.paymentPerShare.otherNms.nonMarketableLimit - 0.0078) < 1e-12);
        const low = 0.0078 * 0.00087 / 0.00267;
        assert.ok(Math.abs(v.paymentPerShare.lowPriced.nonMarketableLimit - low) < 1e-12);
      }
      if (v.affiliated) assert.deepEqual(v.paymentPerShare, before.paymentPerShare);
      assert.deepEqual(v.priceImprovement, before.priceImprovement);
    } else {
      assert.deepEqual(v, before);
    }
  }
  const onlyA = scalePayments(s, 0, ["WH-A"]);
  const b = onlyA.venues.find((v) => v.id === "WH-B")!;
  const a = onlyA.venues.find((v) => v.id === "WH-A")!;
  assert.ok(b.kind === "wholesaler" && b.paymentPerShare.sp500.market === 0.0016);
  assert.ok(a.kind === "wholesaler" && a.paymentPerShare.sp500.market === 0);
  assert.throws(() => scalePayments(s, -1), /factor: expected a finite number of at least 0/);
  // 30 Cph on S&P 500 resting limits: $0.003 x 20 = $0.06 a share, above the schema's $0.05 cap.
  assert.throws(() => scalePayments(s, 20), /payments x20: venues\.3\.paymentPerShare/);
});
