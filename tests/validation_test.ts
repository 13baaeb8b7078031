/**
 * Validation: the evidence file, the model statistics against independent
 * computations, and the regression guard: the default calibration's headline
 * outputs stay inside the ranges that come from the published sources
 * (`guards` in data/calibration/evidence.json), not from the model's output.
 */
import assert from "node:assert/strict";
import {
  FindingSchema,
  guardRanges,
  headlineOutputs,
  HEADLINES,
  loadEvidence,
  PAYMENT_VARIANT,
  runValidation,
  scaleWholesalerPayments,
  statisticEstimate,
  VALIDATION_STATISTICS,
  validationTable,
} from "../lib/validation.ts";
import { FIT_STATISTICS } from "../lib/fit.ts";
import { calibratedScenario, calibrationScale, loadCalibration } from "../lib/calibration.ts";
import { near } from "./_helpers.ts";
import evidenceJson from "../data/calibration/evidence.json" with { type: "json" };

/** The settings of notebooks/16-validation.ipynb. */
const NOTEBOOK = { orders: 12_000, seeds: [1, 2, 3, 4, 5, 6, 7, 8] };

Deno.test("the evidence validates: sources, grades, intervals, known statistics, disjoint roles", () => {
  const findings = loadEvidence();
  assert.ok(findings.filter((f) => f.role === "validation").length >= 8);
  for (const f of findings) {
    assert.ok(f.source.length >= 20, `${f.id}: no source`);
    assert.ok(f.low <= f.high, f.id);
    assert.ok(f.statistic in VALIDATION_STATISTICS || f.statistic in FIT_STATISTICS, f.statistic);
  }
  const ids = findings.map((f) => f.id);
  assert.equal(new Set(ids).size, ids.length, "duplicate ids");
  // Every headline has a guard, and a guard's range comes from a finding or an envelope.
  const guards = guardRanges();
  assert.deepEqual(guards.map((g) => g.headline).sort(), HEADLINES.map((h) => h.id).sort());
  const pfof = guards.find((g) => g.headline === "paymentRevenueBn")!;
  near(pfof.low, 1.0 * 0.5, 1e-12, "widened low end");
  near(pfof.high, 1.5 * 1.5, 1e-12, "widened high end");
  // A published value outside its own interval, or a finding with no source, is rejected.
  const first = evidenceJson.findings[0];
  assert.equal(FindingSchema.safeParse({ ...first, value: first.high + 1 }).success, false);
  assert.equal(FindingSchema.safeParse({ ...first, source: "" }).success, false);
  assert.equal(FindingSchema.safeParse(first).success, true);
});

Deno.test("scaled payments scale only third-party wholesalers' schedules", () => {
  const s = calibratedScenario();
  const more = scaleWholesalerPayments(s, PAYMENT_VARIANT);
  s.venues.forEach((v, i) => {
    const w = more.venues[i];
    if (v.kind !== "wholesaler" || w.kind !== "wholesaler") return;
    const factor = v.affiliated ? 1 : PAYMENT_VARIANT;
    near(w.paymentPerShare.otherNms.market, factor * v.paymentPerShare.otherNms.market, 1e-15);
  });
});

Deno.test("validation statistics agree with independent computations from the metric cells", () => {
  const cal = loadCalibration();
  const run = runValidation(cal, { orders: 6000, seeds: [3, 4], paymentVariant: true });
  const scale = calibrationScale(cal);
  run.days.forEach((d, k) => {
    const all = d.statusQuo.metrics.summarize([])[0];
    // A year of payments: payment per executed share times the retail shares wholesalers execute.
    near(
      statisticEstimate(run, "pfofTotalBn").values[k],
      all.payment / all.filledShares * 11.8e9 * 0.18 * 0.9 * 252 / 1e9,
      1e-9,
      "pfofTotalBn",
    );
    assert.equal(scale.tradingDays, 252);
    // Odd-lot E/Q from the cells of the 1-99 bucket.
    const odd = d.statusQuo.metrics.summarize(["sizeBucket"], { types: [0, 1] })
      .find((r) => r.sizeBucket === "1-99")!;
    near(VALIDATION_STATISTICS.oddLotEq(d, scale), odd.eq, 1e-12, "oddLotEq");
    // The auction's gain: the difference of all-in costs of covered orders, scaled alike.
    const sq = d.statusQuo.metrics.summarize([], { types: [0, 1] })[0];
    const au = d.auction.metrics.summarize([], { types: [0, 1] })[0];
    near(
      VALIDATION_STATISTICS.auctionSavingsBn(d, scale),
      (sq.allInCost - au.allInCost) / all.filledShares * scale.wholesaleRetailSharesPerYear / 1e9,
      1e-9,
    );
    // Limit orders: the fill-rate difference between the two routings.
    const nml = (day: typeof d.statusQuo) => day.metrics.summarize([], { types: [2] })[0];
    near(
      VALIDATION_STATISTICS.bcjFillDifference(d, scale),
      nml(d.statusQuo).filledShares / nml(d.statusQuo).shares -
        nml(d.bestExecution!).filledShares / nml(d.bestExecution!).shares,
      1e-12,
    );
  });
  // With larger payments the wholesalers' surplus falls: price improvement falls with payment.
  assert.ok(statisticEstimate(run, "pfofPiSlope").mean < 0);
});

Deno.test("regression guard: the default headline outputs stay inside the sourced ranges", () => {
  const run = runValidation(loadCalibration(), { ...NOTEBOOK, paymentVariant: true });
  const headline = headlineOutputs(run);
  for (const g of guardRanges()) {
    const m = headline[g.headline].mean;
    assert.ok(
      m >= g.low && m <= g.high,
      `${g.headline} = ${m} outside [${g.low}, ${g.high}] (${g.source})`,
    );
  }
  // The validation findings the headlines are guarded by are computed for the table too.
  const rows = validationTable(run, loadEvidence());
  assert.equal(rows.length, loadEvidence().length);
  for (const r of rows) assert.ok(Number.isFinite(r.model.mean), r.finding.id);
});
