/**
 * The fitting routine: its pieces on hand-computed cases, its statistics
 * against the metric cells (an independent path), recovery of known
 * parameters from data the model itself generated, and the fitted file's
 * consistency with the fit report.
 */
import assert from "node:assert/strict";
import {
  defaultFitParameters,
  fitStatistics,
  type FitTarget,
  fitUnobservables,
  largeCapHalfEffectiveBps,
  nelderMead,
  wholesaleMarketEq,
} from "../lib/calibration/fit.ts";
import {
  calibratedScenario,
  calibrationPolicies,
  calibrationScenario,
  loadCalibration,
  parameterValue,
} from "../lib/calibration/calibration.ts";
import { runPolicy } from "../lib/sim/simulate.ts";
import { WorldCache } from "../lib/runs/worlds.ts";
import { near } from "./_helpers.ts";
import fitReport from "../data/calibration/us-2022.fit.json" with { type: "json" };
import crossSection from "../data/calibration/cross-section.json" with { type: "json" };

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

Deno.test("each tier's information reproduces Citadel's 605 price impact over the quoted spread", () => {
  // impact / quoted = informedShare x impact (half-spreads) x (1 - e^(-300 / tau)), per tier.
  const s = calibratedScenario();
  const reached = 1 - Math.exp(-300 / s.flow.informedHorizonSeconds);
  const sp500 = s.universe.tiers.find((t) => t.tier === "sp500")!;
  const ratio = crossSection.spreads.groups.sp500.priceImpactOverQuoted;
  near(s.flow.informedShare * sp500.informedImpactHalfSpreads * reached, ratio, 1e-4);
});

Deno.test("the fit statistics equal the Rule 605 metric cells (an independent path)", () => {
  const cal = loadCalibration();
  const scenario = calibrationScenario(cal);
  const day = runPolicy(
    new WorldCache().world(scenario, { orders: 20_000, seed: 7 }),
    calibrationPolicies(cal).statusQuo,
  );
  const wholesalers = new Set(["WH-A", "WH-B", "WH-C", "WH-D", "WH-E"]);
  const cells = day.metrics.summarize(["venue", "sizeBucket", "tier"], { types: [0] })
    .filter((r) => wholesalers.has(r.venue!));
  let eff = 0, quoted = 0;
  for (const r of cells) {
    if (r.sizeBucket !== "100-499") continue;
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

Deno.test("the fit recovers a known scorecard sensitivity from data the model generated (CRN)", () => {
  // Tolerance stated: within 10% of the truth.
  const cal = loadCalibration();
  const parameters = defaultFitParameters(cal);
  const truth = { scorecardSensitivity: 25 };
  const options = { orders: 8000, seeds: [11, 12], cache: new WorldCache() };
  const shell: FitTarget[] = [{
    id: "eq",
    statistic: "wholesaleMarketEq",
    value: 0,
    low: 0,
    high: 0,
  }];
  const data = fitStatistics(cal, parameters, truth, shell, options);
  const targets = shell.map((t) => ({
    ...t,
    value: data.eq,
    low: data.eq - 0.02,
    high: data.eq + 0.02,
  }));
  const fit = fitUnobservables(cal, { ...options, targets, parameters, maxEvaluations: 80 });
  near(fit.values.scorecardSensitivity, truth.scorecardSensitivity, 2.5, "scorecard sensitivity");
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
});
