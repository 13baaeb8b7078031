/**
 * The fitting routine: its pieces on hand-computed cases, its statistics
 * against the metric cells (an independent path), recovery of known
 * parameters from data the model itself generated, and the fitted file's
 * consistency with the fit report.
 */
import assert from "node:assert/strict";
import {
  defaultFitParameters,
  fitOddLotShare,
  fitStatistics,
  type FitTarget,
  fitUnobservables,
  largeCapHalfEffectiveBps,
  nelderMead,
  wholesaleMarketEq,
  withOddLotShare,
} from "../lib/fit.ts";
import {
  calibratedScenario,
  calibrationPolicies,
  calibrationScenario,
  expectedOrderNotional,
  loadCalibration,
  parameterValue,
} from "../lib/calibration.ts";
import { runPolicy } from "../lib/simulate.ts";
import { WorldCache } from "../lib/worlds.ts";
import { near } from "./_helpers.ts";
import fitReport from "../data/calibration/us-2022.fit.json" with { type: "json" };

Deno.test("Nelder-Mead finds the minimum of a bowl inside the unit square, and at its edge", () => {
  const inside = nelderMead((x) => 3 * (x[0] - 0.2) ** 2 + (x[1] - 0.9) ** 2 + x[0] * x[1], [
    0.5,
    0.5,
  ], 300);
  // Minimum of 3(a-0.2)^2 + (b-0.9)^2 + ab: 6(a-0.2) + b = 0, 2(b-0.9) + a = 0
  // => a = (1.2 - 0.9) / (6 - 0.5) = 0.3/5.5, b = 0.9 - a/2.
  const a = 0.3 / 5.5;
  near(inside.x[0], a, 2e-3, "a");
  near(inside.x[1], 0.9 - a / 2, 2e-3, "b");
  const edge = nelderMead((x) => (x[0] + 0.5) ** 2 + (x[1] - 0.5) ** 2, [0.5, 0.5], 300);
  near(edge.x[0], 0, 1e-3, "clamped at 0");
  near(edge.x[1], 0.5, 2e-3);
});

Deno.test("withOddLotShare scales the groups and fitOddLotShare hits the target notional", () => {
  const mix = [
    { min: 1, max: 10, share: 0.1, roundLotShare: 0 },
    { min: 11, max: 99, share: 0.3, roundLotShare: 0 },
    { min: 100, max: 499, share: 0.6, roundLotShare: 0.6 },
  ];
  // Odd lots 25% / 75% of their group; round lots all of theirs.
  assert.deepEqual(withOddLotShare(mix, 0.8).map((b) => b.share), [0.2, 0.6, 0.2]);
  assert.deepEqual(withOddLotShare(mix, 0.5, [0.5, 0.5, 1]).map((b) => b.share), [0.25, 0.25, 0.5]);
  // Rounding remainders go to the largest bucket, so shares sum to 1 exactly (to 1e-12).
  const thirds = withOddLotShare(mix, 1 / 3);
  near(thirds.reduce((s, b) => s + b.share, 0), 1, 1e-12);

  const s = calibratedScenario();
  for (const target of [5000, 8000, 12_000]) {
    const share = fitOddLotShare(s, target);
    const fitted = { ...s, flow: { ...s.flow, sizeMix: withOddLotShare(s.flow.sizeMix, share) } };
    near(expectedOrderNotional(fitted), target, target * 1e-3, `notional for ${target}`);
  }
  assert.throws(() => fitOddLotShare(s, 1e7), /cannot be reached/);
});

Deno.test("the fit statistics equal the Rule 605 metric cells (an independent path)", () => {
  const cal = loadCalibration();
  const scenario = calibrationScenario(cal);
  const day = runPolicy(
    new WorldCache().world(scenario, { orders: 20_000, seed: 7 }),
    calibrationPolicies(cal).statusQuo,
  );
  const wholesalers = new Set(["WH-A", "WH-B", "WH-C"]);
  const cells = day.metrics.summarize(["venue", "sizeBucket", "tier"], { types: [0] })
    .filter((r) => wholesalers.has(r.venue!));
  let eff = 0, quoted = 0;
  for (const r of cells) {
    if (r.sizeBucket === "1-99" || r.sizeBucket === "10000+") continue;
    eff += r.effectiveSpread * r.filledShares;
    quoted += r.quotedSpread * r.filledShares;
  }
  near(wholesaleMarketEq(day), eff / quoted, 1e-12, "E/Q");
  // Half the share-weighted effective spread in bps of S&P 500 orders of 100-499 shares.
  let bps = 0, shares = 0;
  for (const r of cells) {
    if (r.sizeBucket !== "100-499" || r.tier !== "sp500") continue;
    bps += r.effectiveSpreadBps * r.filledShares;
    shares += r.filledShares;
  }
  near(largeCapHalfEffectiveBps(day, 0), bps / shares / 2, 1e-9, "half effective bps");
  // Restricting to dearer stocks keeps a subset: a finite, positive value.
  assert.ok(largeCapHalfEffectiveBps(day) > 0);
});

Deno.test("the fit recovers known parameters from data the model generated (CRN, same seeds)", () => {
  // Tolerance stated: pass-through within 0.02 and informed share within 0.006 of the truth.
  const cal = loadCalibration();
  const parameters = defaultFitParameters(cal);
  const truth = { passThrough: 0.62, informedShare: 0.07 };
  const options = { orders: 8000, seeds: [11, 12], cache: new WorldCache() };
  const shell: FitTarget[] = [
    { id: "eq", statistic: "wholesaleMarketEq", value: 0, low: 0, high: 0 },
    { id: "bps", statistic: "largeCapHalfEffectiveBps", value: 0, low: 0, high: 0 },
  ];
  const data = fitStatistics(cal, parameters, truth, shell, options);
  // Published-style intervals around the model's own values: +/- 0.02 on E/Q, +/- 0.06 bp.
  const targets = shell.map((t) => {
    const half = t.id === "eq" ? 0.02 : 0.06;
    return { ...t, value: data[t.id], low: data[t.id] - half, high: data[t.id] + half };
  });
  const fit = fitUnobservables(cal, { ...options, targets, parameters, maxEvaluations: 80 });
  near(fit.values.passThrough, truth.passThrough, 0.02, "pass-through");
  near(fit.values.informedShare, truth.informedShare, 0.006, "informed share");
  assert.ok(
    fit.low.passThrough <= fit.values.passThrough && fit.values.passThrough <= fit.high.passThrough,
  );
  // Common random numbers: the same fit again gives exactly the same values.
  const again = fitUnobservables(cal, { ...options, targets, parameters, maxEvaluations: 80 });
  assert.deepEqual(again.values, fit.values);
});

Deno.test("the calibration holds the fit report's values, and they still meet the targets", () => {
  const cal = loadCalibration();
  const parameters = defaultFitParameters(cal);
  for (const p of fitReport.parameters) {
    const mine = parameters.find((q) => q.name === p.name)!;
    assert.deepEqual(mine.paths, p.paths);
    for (const path of p.paths) near(parameterValue(cal, path), p.value, 5e-5, path);
  }
  for (const t of fitReport.targets) assert.ok(t.low <= t.fitted && t.fitted <= t.high, t.id);
  // Recomputed on the fit's own seeds, the statistics reproduce the report: the file is up to
  // date with the model (if this fails after a change to the model, run `deno task fit`).
  const values = Object.fromEntries(fitReport.parameters.map((p) => [p.name, p.value]));
  const stats = fitStatistics(cal, parameters, values, fitReport.targets, {
    orders: fitReport.orders,
    seeds: fitReport.seeds,
  });
  for (const t of fitReport.targets) near(stats[t.id], t.fitted, 1e-4, t.id);
  near(expectedOrderNotional(calibrationScenario(cal)), fitReport.oddLotShare.target, 5);
});
