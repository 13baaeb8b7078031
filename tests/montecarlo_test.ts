import assert from "node:assert/strict";
import fc from "fast-check";
import {
  conflictRatio,
  estimate,
  meanInterval,
  monteCarlo,
  pairedDifference,
  studentTQuantile,
} from "../lib/runs/montecarlo.ts";
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
    /no ungrouped results for "nope"/,
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
