/**
 * Validation: the evidence file against its sources (the genuine 606 HHIs,
 * Schwarz et al.'s Table IV), the model statistics against independent
 * computations, and the regression guards: the default calibration's
 * headline outputs, and a few findings' model values, stay inside ranges
 * that come from the published sources (`guards` in
 * data/calibration/evidence.json), not from the model's output.
 */
import assert from "node:assert/strict";
import {
  brokerDay,
  FindingSchema,
  guardedValue,
  guardRanges,
  headlineOutputs,
  loadEvidence,
  PAYMENT_VARIANT,
  rankCorrelation,
  runValidation,
  scaleWholesalerPayments,
  SCHWARZ_ACCOUNTS,
  SCHWARZ_PAYMENT_CENTS,
  statisticEstimate,
  VALIDATION_STATISTICS,
  validationReport,
  validationTable,
} from "../lib/analysis/validation.ts";
import { FIT_STATISTICS } from "../lib/calibration/fit.ts";
import { HEADLINES, MARKET_HEADLINES, marketHeadlines } from "../lib/analysis/headlines.ts";
import {
  calibratedScenario,
  calibrationScale,
  loadCalibration,
} from "../lib/calibration/calibration.ts";
import { brokerProfiles } from "../lib/sim/brokers.ts";
import { orderStatistics } from "../lib/analysis/orderstats.ts";
import { WHOLESALER } from "../lib/sim/venues.ts";
import { near } from "./_helpers.ts";
import evidenceJson from "../data/calibration/evidence.json" with { type: "json" };
import crossSection from "../data/calibration/cross-section.json" with { type: "json" };

/** The settings of notebooks/16-validation.ipynb (and of `deno task cli validate`). */
const NOTEBOOK = { orders: 12_000, seeds: [1, 2, 3, 4, 5, 6, 7, 8] };

Deno.test("the evidence validates: sources, grades, bands, brokers, known statistics, reasons", () => {
  const findings = loadEvidence();
  assert.ok(findings.filter((f) => f.role === "validation").length >= 25);
  const brokers = new Set(brokerProfiles().map((b) => b.id));
  for (const f of findings) {
    assert.ok(f.source.length >= 20, `${f.id}: no source`);
    assert.ok(f.low <= f.high, f.id);
    assert.ok(f.statistic in VALIDATION_STATISTICS || f.statistic in FIT_STATISTICS, f.statistic);
    if (f.broker !== undefined) assert.ok(brokers.has(f.broker), `${f.id}: broker ${f.broker}`);
    // Where the band is ours, the note says so; every validation finding says why it may miss.
    if (f.band === "ours") assert.match(f.note ?? "", /ours/, `${f.id}: band not explained`);
    if (f.role === "validation") assert.ok((f.why ?? "").length >= 40, `${f.id}: no reason`);
  }
  const ids = findings.map((f) => f.id);
  assert.equal(new Set(ids).size, ids.length, "duplicate ids");
  // Every headline has a guard, and a guard's range comes from a finding or an envelope.
  const guards = guardRanges();
  assert.deepEqual(
    guards.filter((g) => g.headline).map((g) => g.headline).sort(),
    HEADLINES.map((h) => h.id).sort(),
  );
  const pfof = guards.find((g) => g.headline === "paymentsBn")!;
  near(pfof.low, 1.0 * 0.5, 1e-12, "widened low end");
  near(pfof.high, 1.5 * 1.5, 1e-12, "widened high end");
  // Price improvement is a headline in %; Schwarz et al.'s range (18.8% to 47.2%) is a share.
  const pi = guards.find((g) => g.headline === "piPctOfSpread")!;
  near(pi.low, 18.8, 1e-12, "share scaled to %");
  near(pi.high, 47.2, 1e-12, "share scaled to %");
  for (const g of guards) assert.ok(g.low < g.high && g.source.length >= 40, JSON.stringify(g));
  // A published value outside its own interval, or a finding with no source, is rejected.
  const first = evidenceJson.findings[0];
  assert.equal(FindingSchema.safeParse({ ...first, value: first.high + 1 }).success, false);
  assert.equal(FindingSchema.safeParse({ ...first, source: "" }).success, false);
  assert.equal(FindingSchema.safeParse({ ...first, band: "guessed" }).success, false);
  assert.equal(FindingSchema.safeParse(first).success, true);
});

Deno.test("the routing findings are the genuine Rule 606 HHIs of cross-section.json", () => {
  const f = (id: string) => loadEvidence().find((x) => x.id === id)!;
  const hhi = (source: string, section: "sp500" | "otherStocks") =>
    crossSection.routing.find((r) => r.source.endsWith(source))!.sections[section].hhi.market;
  const both = (files: string[]) => files.flatMap((s) => [hhi(s, "sp500"), hhi(s, "otherStocks")]);
  const cases: [string, string, string[]][] = [
    ["hhi-schwab", "606-CHAS-2022Q1.xml", [
      "606-CHAS-2021Q4.xml",
      "606-CHAS-2022Q1.xml",
      "606-CHAS-2022Q2.xml",
    ]],
    ["hhi-robinhood", "606-HOOD-2022Q1.xml", ["606-HOOD-2022Q1.xml"]],
    ["hhi-webull", "606-APEX-2022Q1.xml", ["606-APEX-2022Q1.xml", "606-APEX-2022Q2.xml"]],
  ];
  for (const [id, file, files] of cases) {
    near(f(id).value!, hhi(file, "sp500"), 1e-9, `${id} value`);
    near(f(id).low, Math.min(...both(files)), 1e-9, `${id} low`);
    near(f(id).high, Math.max(...both(files)), 1e-9, `${id} high`);
  }
  // The guard's envelope spans the brokers that route to several wholesalers.
  const several = [
    "APEX-2022Q1",
    "APEX-2022Q2",
    "CHAS-2021Q4",
    "CHAS-2022Q1",
    "CHAS-2022Q2",
    "HOOD",
  ];
  const all = crossSection.routing.filter((r) => several.some((s) => r.source.includes(s)))
    .flatMap((r) =>
      [r.sections.sp500, r.sections.otherStocks].flatMap((
        s,
      ) => [s.hhi.market, s.hhi.marketableLimit])
    );
  const g = guardRanges().find((x) => x.finding === "hhi-robinhood")!;
  near(g.low, Math.min(...all), 1e-9, "envelope low");
  near(g.high, Math.max(...all), 1e-9, "envelope high");
});

Deno.test("the broker findings are Schwarz et al.'s Table IV", () => {
  const table = {
    "td-ameritrade": 0.472,
    etrade: 0.361,
    fidelity: 0.358,
    robinhood: 0.268,
    "ibkr-lite": 0.195,
    "ibkr-pro": 0.188,
  };
  const findings = loadEvidence();
  for (const id of SCHWARZ_ACCOUNTS) {
    const f = findings.find((x) => x.id === `schwarz-pi-${id}`)!;
    assert.equal(f.broker, id);
    assert.equal(f.value, table[id]);
    assert.equal(f.band, "ours");
  }
  const range = findings.find((x) => x.id === "pi-share-schwarz")!;
  assert.equal(range.low, Math.min(...Object.values(table)));
  assert.equal(range.high, Math.max(...Object.values(table)));
  near(findings.find((x) => x.id === "schwarz-pi-range")!.value!, 0.472 - 0.188, 1e-12);
  const rho = rankCorrelation(
    SCHWARZ_ACCOUNTS.map((id) => SCHWARZ_PAYMENT_CENTS[id]),
    SCHWARZ_ACCOUNTS.map((id) => table[id]),
  );
  near(findings.find((x) => x.id === "schwarz-pfof-pi-rank")!.value!, rho, 1e-3);
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

Deno.test("validation statistics agree with independent computations", () => {
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
    // Odd-lot E/Q from the cells of the 1-99 bucket, in the market's and in Robinhood's world.
    for (const broker of [undefined, "robinhood"]) {
      const odd = brokerDay(d, broker).metrics.summarize(["sizeBucket"], { types: [0, 1] })
        .find((r) => r.sizeBucket === "1-99")!;
      near(VALIDATION_STATISTICS.oddLotEq(d, scale, broker), odd.eq, 1e-12, "oddLotEq");
    }
    // The auction's gain: the difference of all-in costs of covered orders, scaled alike.
    const sq = d.statusQuo.metrics.summarize([], { types: [0, 1] })[0];
    const au = d.auction.metrics.summarize([], { types: [0, 1] })[0];
    near(
      VALIDATION_STATISTICS.auctionSavingsBn(d, scale),
      (sq.allInCost - au.allInCost) / all.filledShares * scale.wholesaleRetailSharesPerYear / 1e9,
      1e-9,
    );
    near(
      VALIDATION_STATISTICS.auctionSavingsBps(d, scale),
      (sq.allInCost - au.allInCost) / sq.notional * 1e4,
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
    // Each broker's day is its own world under its own routing; the market's is the status quo.
    assert.equal(brokerDay(d, "us-retail"), d.statusQuo);
    for (const b of brokerProfiles().filter((x) => x.id !== "us-retail")) {
      const day = brokerDay(d, b.id);
      assert.equal(day.scenario.broker.id, b.id);
      assert.equal(day.policy.kind, b.policy);
      near(
        VALIDATION_STATISTICS.marketOrderHhi(d, scale, b.id),
        orderStatistics(day, { types: [0] }).hhi,
        1e-9,
      );
    }
    // IBKR Pro uses no wholesaler; Fidelity is paid nothing.
    const pro = brokerDay(d, "ibkr-pro");
    for (let i = 0; i < pro.orders.count; i++) {
      assert.notEqual(pro.venues.kind[pro.outcomes.execVenue[i]], WHOLESALER);
    }
    assert.equal(VALIDATION_STATISTICS.paymentCentsPerShare(d, scale, "fidelity"), 0);
    // The range across the six accounts is the largest less the smallest of their statistics.
    const pi = SCHWARZ_ACCOUNTS.map((id) => VALIDATION_STATISTICS.piShareSmallMarket(d, scale, id));
    near(
      VALIDATION_STATISTICS.schwarzPiRange(d, scale),
      Math.max(...pi) - Math.min(...pi),
      1e-12,
    );
    // Exchanges only: no execution at a wholesaler.
    const ex = d.exchanges!;
    for (let i = 0; i < ex.orders.count; i++) {
      if (ex.outcomes.filled[i] > 0) {
        assert.notEqual(ex.venues.kind[ex.outcomes.execVenue[i]], WHOLESALER);
      }
    }
  });
  // With larger payments the wholesalers' surplus falls: price improvement falls with payment.
  assert.ok(statisticEstimate(run, "pfofPiSlope").mean < 0);
  // A headline-only run has no brokers, and says so when asked for one.
  const small = runValidation(cal, { orders: 500, seeds: [1], headlineOnly: true });
  assert.throws(
    () => statisticEstimate(small, "piShareSmallMarket", "robinhood"),
    /not in this run/,
  );
});

Deno.test("one list of headlines: the validation's outputs are the market headlines' rules", () => {
  assert.deepEqual(HEADLINES.map((h) => h.id), [
    "costPer10k",
    "piPctOfSpread",
    "paymentsBn",
    "auctionGainBn",
  ]);
  for (const h of HEADLINES) assert.equal(h, MARKET_HEADLINES.find((m) => m.id === h.id));
  const run = runValidation(loadCalibration(), { orders: 3000, seeds: [1, 2], headlineOnly: true });
  const out = headlineOutputs(run);
  const market = marketHeadlines({ orders: 3000, seeds: [1, 2] });
  for (const { id } of HEADLINES) {
    near(out[id].mean, market[id].mean, 1e-12 * Math.max(1, Math.abs(market[id].mean)), id);
  }
  run.days.forEach((d, k) => {
    // Same values as the statistics the findings use; price improvement in % of the spread.
    assert.equal(
      out.piPctOfSpread.values[k],
      100 * statisticEstimate(run, "piShareOfSpread").values[k],
    );
    assert.equal(out.paymentsBn.values[k], statisticEstimate(run, "pfofTotalBn").values[k]);
    assert.equal(out.auctionGainBn.values[k], statisticEstimate(run, "auctionSavingsBn").values[k]);
    assert.equal(out.costPer10k.values[k], statisticEstimate(run, "costPer10k").values[k]);
    assert.ok(d.statusQuo.orders.count === 3000);
  });
});

Deno.test("regression guard: the default outputs stay inside the sourced ranges", () => {
  const run = runValidation(loadCalibration(), { ...NOTEBOOK, paymentVariant: true });
  for (const g of guardRanges()) {
    const m = guardedValue(run, g);
    assert.ok(
      m >= g.low && m <= g.high,
      `${g.headline ?? g.finding} = ${m} outside [${g.low}, ${g.high}] (${g.source})`,
    );
  }
  // Every finding is computed for the table; a row outside its interval says why, from the file.
  const rows = validationTable(run, loadEvidence());
  assert.equal(rows.length, loadEvidence().length);
  for (const r of rows) {
    assert.ok(Number.isFinite(r.model.mean), r.finding.id);
    assert.equal(r.inside, r.why === "", r.finding.id);
    if (!r.inside) assert.equal(r.why, r.finding.why, `${r.finding.id}: no recorded reason`);
  }
  // The fit target is met on the notebook's seeds, within its published band.
  const fit = rows.find((r) => r.finding.id === "citadel-605-eq")!;
  assert.ok(fit.inside, `citadel-605-eq = ${fit.model.mean}`);
  // The report lists fit targets apart from (before) validation findings.
  const report = validationReport(rows);
  const firstValidation = report.findIndex((r) => r.role === "validation");
  assert.ok(report.slice(firstValidation).every((r) => r.role === "validation"));
});
