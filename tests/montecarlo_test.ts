import assert from "node:assert/strict";
import fc from "fast-check";
import {
  conflictRatio,
  estimate,
  intervalsOf,
  meanInterval,
  monteCarlo,
  pairedDifference,
  type ReplicationRow,
  replicationValues,
  sameGroup,
  studentTQuantile,
} from "../lib/runs/montecarlo.ts";
import { pairedEstimate, replicationEstimate } from "../lib/analysis/economics.ts";
import { differenceRatio, ratioEstimate } from "../lib/runs/experiment.ts";
import { deriveMetrics, STATS } from "../lib/analysis/metrics.ts";
import { buildWorld, runPolicy } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";

Deno.test("studentTQuantile matches tabulated values", () => {
  // Two-sided 95% critical values from standard t tables.
  const table: [number, number][] = [
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [5, 2.571],
    [
      9,
      2.262,
    ],
    [19, 2.093],
    [29, 2.045],
    [120, 1.980],
  ];
  for (const [df, t] of table) {
    assert.ok(Math.abs(studentTQuantile(0.975, df) - t) < 2e-3, `df ${df}`);
  }
});

Deno.test("meanInterval: hand-computed mean, sd and interval; non-finite values left out", () => {
  const m = meanInterval([2, 4, 4, 4, 5, 5, 7, 9, NaN]);
  assert.equal(m.n, 8);
  assert.equal(m.mean, 5);
  const sd = Math.sqrt(32 / 7);
  assert.ok(Math.abs(m.sd - sd) < 1e-12);
  const half = studentTQuantile(0.975, 7) * sd / Math.sqrt(8);
  assert.ok(Math.abs(m.high - (5 + half)) < 1e-12 && Math.abs(m.low - (5 - half)) < 1e-12);
  assert.ok(Number.isNaN(meanInterval([1]).low));
});

Deno.test("meanInterval: the interval always contains the mean (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2 }),
      (xs) => {
        const m = meanInterval(xs);
        return m.low <= m.mean + 1e-9 && m.mean <= m.high + 1e-9;
      },
    ),
  );
});

Deno.test("monteCarlo: each replication equals a direct run of that world", () => {
  const s = defaultScenario();
  const mc = monteCarlo(s, [{ kind: "max-payment" }], { orders: 1200, seed: 4, replications: 3 });
  for (let r = 0; r < 3; r++) {
    const direct = runPolicy(buildWorld(s, { orders: 1200, seed: 4, replication: r }), {
      kind: "max-payment",
    }).metrics.summarize([])[0];
    const row = mc.replications.find((x) => x.replication === r)!;
    assert.equal(row.metrics.payment, direct.payment);
    assert.equal(row.metrics.customerCost, direct.customerCost);
  }
  const values = mc.replications.map((x) => x.metrics.payment);
  const m = meanInterval(values);
  const row = estimate(mc, "max-payment", "payment");
  assert.equal(row.mean, m.mean);
  assert.equal(row.low, m.low);
  assert.equal(row.replications, 3);
});

Deno.test("monteCarlo: replications differ, and the same seed repeats exactly", () => {
  const s = defaultScenario();
  const opts = { orders: 800, seed: 8, replications: 2 };
  const a = monteCarlo(s, [{ kind: "best-execution" }], opts);
  const b = monteCarlo(s, [{ kind: "best-execution" }], opts);
  assert.deepEqual(a.intervals, b.intervals);
  assert.notEqual(a.replications[0].metrics.customerCost, a.replications[1].metrics.customerCost);
});

Deno.test("conflictRatio and pairedDifference use paired replications", () => {
  const s = defaultScenario();
  const mc = monteCarlo(s, [{ kind: "best-execution" }, { kind: "max-payment" }], {
    orders: 2000,
    seed: 6,
    replications: 4,
    types: [0, 1],
  });
  const per = (p: string, m: "payment" | "customerCost") =>
    mc.replications.filter((r) => r.policy === p).map((r) => r.metrics[m]);
  const dPay = per("max-payment", "payment").map((x, i) => x - per("best-execution", "payment")[i]);
  const dCost = per("max-payment", "customerCost").map((x, i) =>
    x - per("best-execution", "customerCost")[i]
  );
  const diff = pairedDifference(mc, "payment", "best-execution", "max-payment");
  assert.equal(diff.mean, meanInterval(dPay).mean);
  const c = conflictRatio(mc, "best-execution", "max-payment");
  assert.equal(c.ratio.mean, meanInterval(dPay.map((x, i) => x / dCost[i])).mean);
  assert.throws(
    () => pairedDifference(mc, "payment", "nope", "max-payment"),
    /no results for "nope" in the totals/,
  );
});

Deno.test("monteCarlo rejects a non-positive number of replications", () => {
  assert.throws(
    () =>
      monteCarlo(defaultScenario(), [{ kind: "best-execution" }], {
        orders: 10,
        seed: 1,
        replications: 0,
      }),
    /replications: expected a positive integer/,
  );
});

Deno.test("one rule for a missing replication across montecarlo, economics and experiment", () => {
  // Group WH-A has no row in replication 1 for policy b, and none in replication 2 for a.
  const day = (orders: number, payment: number, customerCost: number) => {
    const s = new Float64Array(STATS.length);
    s[STATS.indexOf("orders")] = orders;
    s[STATS.indexOf("payment")] = payment;
    s[STATS.indexOf("customerCost")] = customerCost;
    return deriveMetrics(s);
  };
  const g = { venue: "WH-A" };
  const rows: ReplicationRow[] = [
    { policy: "a", replication: 0, group: g, metrics: day(10, 1, 10) },
    { policy: "a", replication: 1, group: g, metrics: day(10, 2, 20) },
    { policy: "b", replication: 0, group: g, metrics: day(10, 4, 12) },
    { policy: "b", replication: 2, group: g, metrics: day(10, 9, 40) },
    { policy: "b", replication: 1, group: {}, metrics: day(1, 0, 0) },
    { policy: "a", replication: 2, group: {}, metrics: day(1, 0, 0) },
  ];
  const res = { intervals: intervalsOf(rows), replications: rows };
  const values = replicationValues(res, "b", "payment", g);
  assert.deepEqual(values, [4, NaN, 9]);
  assert.deepEqual(replicationEstimate(res, "b", (m) => m.payment, g).values, [4, NaN, 9]);
  assert.equal(replicationEstimate(res, "b", (m) => m.payment, g).mean, 6.5);
  // Paired: only replication 0 has both sides, so the difference is 4 - 1 = 3 with no interval.
  const paired = pairedEstimate(res, "a", "b", (m) => m.payment, g);
  assert.deepEqual(paired.values, [3, NaN, NaN]);
  assert.equal(paired.mean, 3);
  assert.ok(Number.isNaN(paired.low));
  assert.equal(pairedDifference(res, "payment", "a", "b", g).mean, 3);
  // (4 - 1) / (12 - 10) = 1.5, replication 0 only.
  assert.equal(differenceRatio(res, "a", "b", "payment", "customerCost", g).mean, 1.5);
  // b's payment per dollar of cost: 4/12 and 9/40, replication 1 left out.
  const r = ratioEstimate(res, "b", "payment", "customerCost", g);
  assert.ok(Math.abs(r.mean - (4 / 12 + 9 / 40) / 2) < 1e-15);
  for (
    const f of [
      () => replicationValues(res, "c", "payment"),
      () => replicationEstimate(res, "c", (m) => m.payment),
      () => ratioEstimate(res, "c", "payment", "orders"),
    ]
  ) assert.throws(f, /policy: no results for "c" in the totals \(known: a, b\)/);
  assert.throws(
    () => replicationValues(res, "a", "payment", { venue: "X" }),
    /no results for "a" in group \{"venue":"X"\}/,
  );
});

Deno.test("sameGroup: same dimensions and values, key order aside", () => {
  assert.ok(sameGroup({}, {}));
  assert.ok(sameGroup({ venue: "A", tier: "sp500" }, { tier: "sp500", venue: "A" }));
  assert.ok(!sameGroup({ venue: "A" }, {}));
  assert.ok(!sameGroup({}, { venue: "A" }));
  assert.ok(!sameGroup({ venue: "A" }, { venue: "B" }));
  assert.ok(!sameGroup({ venue: "A" }, { tier: "A" }));
});
